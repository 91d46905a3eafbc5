using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.GraphQL.CustomFields;
using HeadlessSales.Api.GraphQL.Errors;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.CustomFields;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Automation;

/// <summary>Admins define the tenant's custom fields; the store and its rules are the platform's (Infrastructure/CustomFields).</summary>
public sealed class CustomFieldDefinitionMutations(TimeProvider clock) : IMutationFields
{
    public void AddTo(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<DefineCustomFieldPayloadType>>("defineCustomField")
            .Authorize(Scopes.OrgAdmin, Configurers.Roles)
            .Description("Adds a typed field to leads, accounts, contacts or opportunities. A key that names a built-in field of the record (ignoring case and underscores) is refused.")
            .Argument<NonNullGraphType<DefineCustomFieldInputType>>("input")
            .ResolveAsync(async ctx => await DefineAsync(ctx, ctx.GetInput()));

        mutation.Field<NonNullGraphType<UpdateCustomFieldPayloadType>>("updateCustomField")
            .Authorize(Scopes.OrgAdmin, Configurers.Roles)
            .Description("Changes a custom field's label, whether it is required, or its choices. Its key and type stay: stored values keep their meaning. A choice still used by a record cannot be removed.")
            .Argument<NonNullGraphType<UpdateCustomFieldInputType>>("input")
            .ResolveAsync(async ctx => await UpdateAsync(ctx, ctx.GetInput()));
    }

    private async Task<MutationPayload<CustomFieldDefinition>> DefineAsync(IResolveFieldContext ctx, InputFields input)
    {
        var entity = input.Get<CustomFieldEntity>("entity");
        var type = input.Get<CustomFieldType>("type");
        var key = input.Get<string>("key")?.Trim() ?? string.Empty;
        var label = input.Get<string>("label")?.Trim() ?? string.Empty;
        var choices = input.List<string>("choices") ?? [];
        input.Errors.AddRange(CustomFieldRules.CheckDefinition(key, label, type, choices, BuiltInNames(ctx.Schema, entity), input.PathOf));
        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        await using var db = ctx.Database();
        var duplicate = new DuplicateError(input.PathOf("key"), key, $"A {entity} field '{key}' exists already.");
        if (await db.CustomFieldDefinitions.AnyAsync(d => d.Entity == entity && d.Key == key, ctx.CancellationToken))
        {
            return MutationPayload.Failure(duplicate);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var definition = db.CustomFieldDefinitions.Add(new CustomFieldDefinition
        {
            TenantId = ctx.TenantId(),
            Entity = entity,
            Key = key,
            Label = label,
            Type = type,
            Choices = choices,
            Required = input.Get<bool?>("required") ?? false,
            CreatedAt = now,
            UpdatedAt = now,
        }).Entity;
        try
        {
            await db.SaveChangesAsync(ctx.CancellationToken);
        }
        catch (DbUpdateException exception) when (UniqueViolation.Is(exception))
        {
            return MutationPayload.Failure(duplicate);
        }

        return MutationPayload.Success(definition);
    }

    private async Task<MutationPayload<CustomFieldDefinition>> UpdateAsync(IResolveFieldContext ctx, InputFields input)
    {
        await using var db = ctx.Database();
        var entity = input.Get<CustomFieldEntity>("entity");
        var key = input.Get<string>("key") ?? string.Empty;
        var definition = await db.CustomFieldDefinitions.FirstOrDefaultAsync(d => d.Entity == entity && d.Key == key, ctx.CancellationToken);
        if (definition is null)
        {
            input.Invalid("key", $"No {entity} field '{key}' is defined.");
            return MutationPayload.Failure(input.Errors);
        }

        var label = input.Has("label") ? input.Get<string>("label")?.Trim() ?? string.Empty : definition.Label;
        var choices = input.Has("choices") ? input.List<string>("choices") ?? [] : definition.Choices;
        input.Errors.AddRange(CustomFieldRules.CheckLabelAndChoices(label, definition.Type, choices, input.PathOf));
        var removed = definition.Choices.Except(choices).ToList();
        foreach (var choice in removed)
        {
            var marked = $"{CustomFieldRules.ChoiceSeparator}{choice}{CustomFieldRules.ChoiceSeparator}";
            if (await db.CustomFieldValues.AnyAsync(v => v.DefinitionId == definition.Id && (v.Text == choice || v.Text!.Contains(marked)), ctx.CancellationToken))
            {
                input.Invalid("choices", $"'{choice}' is still chosen on some records; change them first.");
            }
        }

        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        definition.Change(label, input.Has("required") ? input.Get<bool?>("required") ?? false : definition.Required, [.. choices], clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ctx.CancellationToken);
        return MutationPayload.Success(definition);
    }

    /// <summary>
    /// The record's built-in field names, read from the schema itself (its object type and its create and update
    /// inputs), so a field a module adds later is reserved without a list to keep in step.
    /// </summary>
    public static IEnumerable<string> BuiltInNames(ISchema schema, CustomFieldEntity entity)
    {
        var typeName = entity.ToString();
        string[] typeNames = [typeName, $"Create{typeName}Input", $"Update{typeName}Input"];
        return typeNames.Select(name => schema.AllTypes[name]).OfType<IComplexGraphType>().SelectMany(type => type.Fields.Select(field => field.Name))
            .Where(name => name != CustomFieldInputs.FieldName && name != "customField")
            .Distinct()
            .ToList();
    }
}

public sealed class DefineCustomFieldInputType : InputObjectGraphType
{
    public DefineCustomFieldInputType()
    {
        Name = "DefineCustomFieldInput";
        Field<NonNullGraphType<CustomFieldEntityType>>("entity");
        Field<NonNullGraphType<StringGraphType>>("key").Description("Lower-case letters, digits and underscores, starting with a letter; at most 40.");
        Field<NonNullGraphType<StringGraphType>>("label");
        Field<NonNullGraphType<CustomFieldTypeType>>("type");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("choices").Description("The allowed values of a CHOICE or MULTI_CHOICE field.");
        Field<BooleanGraphType>("required").DefaultValue(false);
    }
}

public sealed class UpdateCustomFieldInputType : InputObjectGraphType
{
    public UpdateCustomFieldInputType()
    {
        Name = "UpdateCustomFieldInput";
        Description = "Fields left out stay unchanged.";
        Field<NonNullGraphType<CustomFieldEntityType>>("entity");
        Field<NonNullGraphType<StringGraphType>>("key");
        Field<StringGraphType>("label");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("choices");
        Field<BooleanGraphType>("required");
    }
}

public sealed class DefineCustomFieldErrorType() : MutationErrorUnion("defineCustomField", typeof(ValidationErrorType), typeof(ReservedFieldKeyErrorType), typeof(DuplicateErrorType));

public sealed class UpdateCustomFieldErrorType() : MutationErrorUnion("updateCustomField", typeof(ValidationErrorType));

public sealed class DefineCustomFieldPayloadType() : PayloadType<CustomFieldDefinitionType, CustomFieldDefinition, DefineCustomFieldErrorType>("defineCustomField", "definition");

public sealed class UpdateCustomFieldPayloadType() : PayloadType<CustomFieldDefinitionType, CustomFieldDefinition, UpdateCustomFieldErrorType>("updateCustomField", "definition");
