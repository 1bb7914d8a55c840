// The IPMI checks of staging QA (issue 4 part 5 / issue 7's registry): "BMC answers over
// IPMI", "sensors in range", "SEL has no critical entries". Each talks to the real BMC when it
// runs (the sensor and SEL checks poll it, so the drawer shows the same numbers).
import type { CheckKind, CheckRegistry } from '../staging/checks';
import type { Device } from '../../../shared/types';
import type { BmcService } from './service';

function unavailable(bmc: BmcService) {
  return (device: Device): string | null => {
    const c = bmc.repo.configFor(device.id);
    if (!c) return 'No BMC is configured for this server: add its address and credentials in the Hardware tab.';
    if (!bmc.secrets.has(device.id).password) return 'No BMC password is stored on this machine: enter it in the Hardware tab.';
    return null;
  };
}

export function registerBmcChecks(registry: CheckRegistry, bmc: BmcService): () => void {
  const kinds: CheckKind[] = [
    {
      kind: 'ipmi.bmc-reachable',
      label: 'BMC answers over IPMI',
      unavailable: unavailable(bmc),
      async run({ device }) {
        const c = bmc.requireConfig(device.id);
        try {
          const id = await bmc.withClient(device.id, (client) => client.deviceId());
          return {
            passed: true,
            detail: `The BMC at ${c.address}:${c.port} answers over RMCP+ (IPMI ${id.ipmiVersion}, firmware ${id.firmwareMajor}.${String(id.firmwareMinor).padStart(2, '0')}, manufacturer ${id.manufacturerId}).`,
          };
        } catch (err) {
          return { passed: false, detail: err instanceof Error ? err.message : String(err) };
        }
      },
    },
    {
      kind: 'ipmi.sensors-in-range',
      label: 'Sensors in range',
      unavailable: unavailable(bmc),
      async run({ device }) {
        await bmc.pollNow(device.id);
        const r = bmc.repo.reading(device.id);
        if (!r || r.error) return { passed: false, detail: r?.error ?? 'The BMC was not read.' };
        const out = r.sensors.filter((s) => s.status === 'nc' || s.status === 'cr' || s.status === 'nr');
        const read = r.sensors.filter((s) => s.status !== 'unavailable' && s.status !== 'not-readable' && s.status !== 'disabled').length;
        if (out.length === 0) return { passed: true, detail: `All ${read} readable sensors are within their thresholds.` };
        return {
          passed: false,
          detail: `${out.length} sensor${out.length === 1 ? ' is' : 's are'} out of range: ${out.map((s) => `${s.name} ${s.value ?? '?'}${s.unit ? ` ${s.unit}` : ''} (${s.status})`).join(', ')}.`,
          evidence: out.map((s) => `${s.name}: ${s.value ?? 'no reading'} ${s.unit ?? ''} status ${s.status}, thresholds ${JSON.stringify(s.thresholds)}`),
        };
      },
    },
    {
      kind: 'ipmi.sel-clean',
      label: 'SEL has no critical entries',
      unavailable: unavailable(bmc),
      async run({ device }) {
        await bmc.pollNow(device.id);
        const r = bmc.repo.reading(device.id);
        if (!r || r.error) return { passed: false, detail: r?.error ?? 'The BMC was not read.' };
        const critical = r.sel.filter((e) => e.severity === 'critical');
        if (critical.length === 0) return { passed: true, detail: `The SEL has ${r.selCount} entr${r.selCount === 1 ? 'y' : 'ies'}, none critical.` };
        return {
          passed: false,
          detail: `The SEL has ${critical.length} critical entr${critical.length === 1 ? 'y' : 'ies'} (clear the SEL once the cause is fixed).`,
          evidence: critical.slice(-20).map((e) => `#${e.recordId} ${e.at ? new Date(e.at).toISOString() : ''} ${e.sensorType} ${e.description}`),
        };
      },
    },
  ];
  const offs = kinds.map((k) => registry.register(k));
  return () => offs.forEach((off) => off());
}
