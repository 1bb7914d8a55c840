// Which columns the inventory shows (persisted with the theme).
import { Button, Checkbox, Menu, MenuDivider, MenuItem, Popover } from '@blueprintjs/core';
import { COLUMNS } from '../../lib/columns';
import { useNoc, useShallow } from '../../stores';

export function ColumnChooser() {
  const { columns, toggle, reset } = useNoc(useShallow((s) => ({ columns: s.columns, toggle: s.toggleColumn, reset: s.resetColumns })));
  const content = (
    <div className="noc-column-chooser" data-testid="column-chooser">
      {COLUMNS.map((c) => (
        <Checkbox key={c.key} label={c.label} checked={columns.includes(c.key)} disabled={c.key === 'name'} data-testid={`column-toggle-${c.key}`} onChange={() => toggle(c.key)} />
      ))}
      <Menu>
        <MenuDivider />
        <MenuItem icon="reset" text="Default columns" onClick={reset} />
      </Menu>
    </div>
  );
  return (
    <Popover content={content} placement="bottom-end">
      <Button icon="column-layout" variant="minimal" text="Columns" data-testid="column-chooser-button" />
    </Popover>
  );
}
