import { apiLoader } from '#app/api/http.server.ts';
import { getLesson, listLessons } from '#app/api/resources.server.ts';

/** /api/v1/lessons and /api/v1/lessons/:id (app/api/schemas.ts describes both). */
export const loader = apiLoader((api) => (api.params.id === undefined ? listLessons(api) : getLesson(api)));
