import type { AreaGroup } from '#db/queries/areas.server.ts';

/** The options of an area picker: one group per län, the län itself first, then its kommuner. */
export function AreaOptions({ groups }: { groups: AreaGroup[] }) {
  return (
    <>
      {groups.map((g) => (
        <optgroup key={g.code} label={g.name}>
          <option value={g.code}>{g.name}</option>
          {g.municipalities.map((m) => (
            <option key={m.code} value={m.code}>
              {m.name}
            </option>
          ))}
        </optgroup>
      ))}
    </>
  );
}
