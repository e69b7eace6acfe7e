/** The shapes the console API answers (server/console/routes); only the fields the pages read. */
export interface Device {
  deviceId: string; branch: string; name: string | null; enrolledAt: string; revokedAt: string | null; lastSeenAt: string | null;
  lastPushAt: string | null; lastPullAt: string | null; lastSeq: number; backlog: number; clockSkewMs: number | null;
  movements: number; quarantined: number; appVersion: string | null; lastError: string | null; lastErrorAt: string | null;
}
export interface BranchRow {
  code: string; name: string; createdAt: string; devices: Device[];
  status: { movements: number; lastReceivedAt: string | null; quarantined: number; negativeStock: unknown[]; transfers: { inTransitOut: number; inTransitIn: number; withDiscrepancy: number } } | null;
}
export interface BranchStock { branch: string; name: string; onHand: number; reserved: number; available: number; inTransit: number; inTransitOut: number }
export interface Item { sku: string; name: string; category: string | null; brand: string | null; barcode: string | null; barcodes: string[]; unit: string | null; needsReview: boolean; learnedFrom: string | null; updatedAt: string }
export interface TrailEntry { id: string; serverSeq: number; branch: string; deviceId: string; kind: string; qty: number; onHandDelta: number; reservedDelta: number; docType: string; docId: string; note: string | null; actor: string; occurredAt: string; receivedAt: string; balanceAfter: number }
export interface ItemStock {
  sku: string; item: Item | null; branches: BranchStock[]; totals: { onHand: number; reserved: number; available: number; inTransit: number }; trail: TrailEntry[];
  transfers: Array<{ id: string; fromBranch: string; toBranch: string; sentAt: string; status: string; sent: number; received: number | null }>;
}
export interface Transfer {
  id: string; fromBranch: string; toBranch: string; sentAt: string; actor: string; note?: string | null; storedAt: string;
  status: 'in_transit' | 'received' | 'received_with_discrepancy';
  lines: Array<{ sku: string; qty: number }>;
  receipt: { receivedAt: string; actor: string; lines: Array<{ sku: string; received: number; note?: string | null }> } | null;
  discrepancies: Array<{ sku: string; sent: number; received: number; difference: number; note: string | null }>;
}
export interface Note { id: number; handled: boolean; note: string; operator: string; createdAt: string }
export interface Reviewable { ref: string; handled: boolean; notes: Note[] }
