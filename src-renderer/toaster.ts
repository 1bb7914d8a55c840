// One toaster for short confirmations ("Status changed", "Demo lab removed").
import { OverlayToaster, Position, type ToastProps, type Toaster } from '@blueprintjs/core';

let toaster: Promise<Toaster> | null = null;

export function toast(props: ToastProps): void {
  toaster ??= OverlayToaster.createAsync({ position: Position.BOTTOM_RIGHT, maxToasts: 4 });
  void toaster.then((t) => t.show({ timeout: 4000, ...props }));
}
