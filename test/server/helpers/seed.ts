import { enrollmentCodeHash, issueEnrollmentCode, newDeviceToken, tokenHash } from '../../../server/auth';
import type { HqStore, PushResult } from '../../../server/store/store';
import { uuidv7 } from '../../../shared/ids';
import type { PushRequest } from '../../../shared/sync/protocol';
import { FakeDevice } from './hq';

/** A device enrolled straight through the store (no HTTP), with its fake ledger. */
export async function storeDevice(store: HqStore, branch: string): Promise<FakeDevice & { token: string; push: (req: Partial<PushRequest>, now?: number) => Promise<PushResult> }> {
  if (!(await store.listBranches()).some((b) => b.code === branch)) await store.addBranch({ code: branch, name: `Branch ${branch}` });
  const { code } = await issueEnrollmentCode(store, branch);
  const deviceId = uuidv7();
  const token = newDeviceToken();
  await store.enrollDevice({ codeHash: enrollmentCodeHash(code), deviceId, deviceName: null, tokenHash: tokenHash(token) });
  const device = new FakeDevice(deviceId, branch) as FakeDevice & { token: string; push: (req: Partial<PushRequest>, now?: number) => Promise<PushResult> };
  device.token = token;
  device.push = (req, now = Date.now()) => store.push({ device: { deviceId, branch }, request: { deviceId, movements: [], ...req }, now, futureLimitMs: 24 * 3600_000 });
  return device;
}

/** What HQ holds, to compare before and after a refusal. */
export async function snapshot(store: HqStore): Promise<string> {
  const [movements, quarantine, items, transfers, devices] = await Promise.all([
    store.movements(), store.quarantine(), store.listItems(), store.transfers(), store.listDevices(),
  ]);
  return JSON.stringify({ movements, quarantine, items, transfers, devices: devices.map((d) => ({ ...d, lastSeenAt: null })) });
}
