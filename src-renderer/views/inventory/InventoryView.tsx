import { InventoryTable } from './InventoryTable';
import { InventoryToolbar } from './InventoryToolbar';

export function InventoryView() {
  return (
    <section className="noc-view noc-inventory" data-testid="inventory-view">
      <InventoryToolbar />
      <InventoryTable />
    </section>
  );
}
