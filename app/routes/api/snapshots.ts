import { apiLoader } from '#app/api/http.server.ts';
import { getSnapshot, listSnapshots } from '#app/api/resources.server.ts';

/** /api/v1/snapshots and /api/v1/snapshots/:id (app/api/schemas.ts describes both). */
export const loader = apiLoader((api) => (api.params.id === undefined ? listSnapshots(api) : getSnapshot(api)));
