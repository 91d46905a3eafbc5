using HeadlessSales.Api.GraphQL.DataLoaders;
using HeadlessSales.Api.Infrastructure.CustomFields;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.GraphQL.CustomFields;

/// <summary>The custom-field values of many records, with their definitions, in definition order; one query per kind asked.</summary>
public sealed class CustomFieldValuesDataLoader(SalesDbContextFactory databases) : BatchDataLoader<(CustomFieldEntity Entity, long Id), List<CustomFieldValueView>>
{
    protected override async Task<IReadOnlyDictionary<(CustomFieldEntity Entity, long Id), List<CustomFieldValueView>>> FetchAsync(IReadOnlyCollection<(CustomFieldEntity Entity, long Id)> keys, CancellationToken cancellationToken)
    {
        await using var db = databases.Create();
        var result = new Dictionary<(CustomFieldEntity, long), List<CustomFieldValueView>>();
        foreach (var kind in keys.GroupBy(k => k.Entity))
        {
            var ids = kind.Select(k => k.Id).ToList();
            var entity = kind.Key;
            var rows = await db.CustomFieldValues.AsNoTracking()
                .Where(v => v.Entity == entity && ids.Contains(v.EntityId))
                .Join(db.CustomFieldDefinitions.AsNoTracking(), v => v.DefinitionId, d => d.Id, (v, d) => new { Value = v, Definition = d })
                .OrderBy(x => x.Definition.Id)
                .ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                if (!result.TryGetValue((entity, row.Value.EntityId), out var list))
                {
                    result[(entity, row.Value.EntityId)] = list = [];
                }

                list.Add(new CustomFieldValueView(row.Definition, row.Value));
            }
        }

        return result;
    }
}
