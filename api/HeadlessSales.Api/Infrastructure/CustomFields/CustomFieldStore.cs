using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Infrastructure.CustomFields;

/// <summary>Reads definitions and writes values; what a record's module calls, whatever the kind.</summary>
public static class CustomFieldStore
{
    public static Task<List<CustomFieldDefinition>> DefinitionsAsync(SalesDbContext db, CustomFieldEntity entity, CancellationToken cancellationToken) =>
        db.CustomFieldDefinitions.AsNoTracking().Where(d => d.Entity == entity).OrderBy(d => d.Id).ToListAsync(cancellationToken);

    /// <summary>Stores checked values of one record (a null value removes the field's value); saved with the context's next save.</summary>
    public static async Task StageAsync(SalesDbContext db, CustomFieldEntity entity, long entityId, IReadOnlyList<(CustomFieldDefinition Definition, StoredCustomValue? Value)> writes, DateTime now, CancellationToken cancellationToken)
    {
        if (writes.Count == 0)
        {
            return;
        }

        var keys = writes.Select(w => w.Definition.Key).ToList();
        var existing = await db.CustomFieldValues.Where(v => v.Entity == entity && v.EntityId == entityId && keys.Contains(v.Key)).ToDictionaryAsync(v => v.Key, StringComparer.Ordinal, cancellationToken);
        foreach (var (definition, value) in writes)
        {
            existing.TryGetValue(definition.Key, out var row);
            if (value is null)
            {
                if (row is not null)
                {
                    db.CustomFieldValues.Remove(row);
                }

                continue;
            }

            row ??= db.CustomFieldValues.Add(new CustomFieldValue
            {
                TenantId = definition.TenantId,
                Entity = entity,
                EntityId = entityId,
                DefinitionId = definition.Id,
                Key = definition.Key,
                SortKey = value.SortKey,
            }).Entity;
            row.Text = value.Text;
            row.Number = value.Number;
            row.Date = value.Date;
            row.SortKey = value.SortKey;
            row.UpdatedAt = now;
        }
    }

    /// <summary>New rows for records created in bulk (the CSV import), for a bulk insert.</summary>
    public static IEnumerable<CustomFieldValue> NewRows(CustomFieldEntity entity, long entityId, IReadOnlyList<(CustomFieldDefinition Definition, StoredCustomValue? Value)> writes, DateTime now) =>
        writes.Where(w => w.Value is not null).Select(w => new CustomFieldValue
        {
            TenantId = w.Definition.TenantId,
            Entity = entity,
            EntityId = entityId,
            DefinitionId = w.Definition.Id,
            Key = w.Definition.Key,
            Text = w.Value!.Text,
            Number = w.Value.Number,
            Date = w.Value.Date,
            SortKey = w.Value.SortKey,
            UpdatedAt = now,
        });

    /// <summary>The values of some records of one kind, for rules and loaders.</summary>
    public static Task<List<CustomFieldValue>> ValuesAsync(SalesDbContext db, CustomFieldEntity entity, IReadOnlyCollection<long> entityIds, CancellationToken cancellationToken) =>
        db.CustomFieldValues.AsNoTracking().Where(v => v.Entity == entity && entityIds.Contains(v.EntityId)).ToListAsync(cancellationToken);
}
