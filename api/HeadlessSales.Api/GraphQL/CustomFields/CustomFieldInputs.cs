using GraphQL.Types;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Infrastructure.CustomFields;
using HeadlessSales.Api.Infrastructure.Data;

namespace HeadlessSales.Api.GraphQL.CustomFields;

/// <summary>The <c>customFields</c> part of a create or update input: declared, read and checked the same way for every kind.</summary>
public static class CustomFieldInputs
{
    public const string FieldName = "customFields";

    public static void AddCustomFieldValues(this InputObjectGraphType input) =>
        input.Field<ListGraphType<NonNullGraphType<CustomFieldValueInputType>>>(FieldName)
            .Description("Values of the tenant's custom fields, each by its key; on an update only the fields listed change.");

    /// <summary>
    /// Reads and checks the given values against the kind's definitions, adding what is wrong to the input's errors.
    /// On a create, required fields must be given even when the list is left out.
    /// </summary>
    public static async Task<IReadOnlyList<(CustomFieldDefinition Definition, StoredCustomValue? Value)>> CheckAsync(
        SalesDbContext db, CustomFieldEntity entity, InputFields input, bool creating, CancellationToken cancellationToken)
    {
        var given = input.List<Dictionary<string, object?>>(FieldName);
        if (given is null && !creating)
        {
            return [];
        }

        var definitions = await CustomFieldStore.DefinitionsAsync(db, entity, cancellationToken);
        var values = (given ?? []).Select(Read).ToList();
        var list = input.PathOf(FieldName);
        var check = CustomFieldRules.Check(definitions, values, creating, (index, part) => index < 0 ? list : part is null ? $"{list}[{index}]" : $"{list}[{index}].{part}");
        input.Errors.AddRange(check.Errors);
        return check.Writes;
    }

    private static CustomFieldInputValue Read(Dictionary<string, object?> item) => new(
        (string)item["key"]!,
        item.GetValueOrDefault("text") as string,
        item.GetValueOrDefault("number") as decimal?,
        item.GetValueOrDefault("date") as DateOnly?,
        item.GetValueOrDefault("choice") as string,
        item.GetValueOrDefault("choices") is System.Collections.IEnumerable choices ? choices.Cast<string>().ToList() : null);
}
