// A field's error under its input (Blueprint FormGroup helper text, in danger intent).
import { FormGroup, type FormGroupProps } from '@blueprintjs/core';
import { firstError, type FieldErrors } from '../../lib/errors';

export function Field({ name, errors, helperText, children, ...rest }: FormGroupProps & { name: string; errors: FieldErrors }) {
  const error = firstError(errors, name);
  return (
    <FormGroup {...rest} intent={error ? 'danger' : 'none'} helperText={error ? <span data-testid={`field-error-${name}`}>{error}</span> : helperText}>
      {children}
    </FormGroup>
  );
}
