using GraphQL.Types;
using HeadlessSales.Api.GraphQL.Errors;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Scalars;
using HeadlessSales.Api.Infrastructure.CustomFields;

namespace HeadlessSales.Api.GraphQL.CustomFields;

public sealed class CustomFieldEntityType : EnumerationGraphType<CustomFieldEntity>
{
    public CustomFieldEntityType()
    {
        Name = "CustomFieldEntity";
        Description = "The kinds of record that take custom fields.";
    }
}

public sealed class CustomFieldTypeType : EnumerationGraphType<CustomFieldType>
{
    public CustomFieldTypeType()
    {
        Name = "CustomFieldType";
        Description = "How a custom field's value is typed: it is given and read in the field of the same name (`text`, `number`, `date`, `choice`, `choices`).";
    }
}

public sealed class CustomFieldProblemType : EnumerationGraphType<CustomFieldProblem>
{
    public CustomFieldProblemType()
    {
        Name = "CustomFieldProblem";
        Description = "What is wrong with a custom-field value.";
    }
}

/// <summary>A stored value with the definition that types it.</summary>
public sealed record CustomFieldValueView(CustomFieldDefinition Definition, CustomFieldValue Value);

public sealed class CustomFieldValueType : ObjectGraphType<CustomFieldValueView>
{
    public CustomFieldValueType()
    {
        Name = "CustomFieldValue";
        Description = "A record's value of one custom field. Exactly the part named by `type` is set: `text`, `number`, `date`, `choice` or `choices` (MULTI_CHOICE).";
        Field<NonNullGraphType<StringGraphType>>("key").Resolve(ctx => ctx.Source.Definition.Key);
        Field<NonNullGraphType<StringGraphType>>("label").Resolve(ctx => ctx.Source.Definition.Label);
        Field<NonNullGraphType<CustomFieldTypeType>>("type").Resolve(ctx => ctx.Source.Definition.Type);
        Field<StringGraphType>("text").Resolve(ctx => ctx.Source.Definition.Type == CustomFieldType.Text ? ctx.Source.Value.Text : null);
        // Providers keep a decimal's scale differently (SQLite's text gives 2000000.0): shown without trailing zeros.
        Field<DecimalStringGraphType>("number").Resolve(ctx => ctx.Source.Value.Number / 1.0000000000000000000000000000m);
        Field<DateOnlyGraphType>("date").Resolve(ctx => ctx.Source.Value.Date);
        Field<StringGraphType>("choice").Resolve(ctx => ctx.Source.Definition.Type == CustomFieldType.Choice ? ctx.Source.Value.Text : null);
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("choices")
            .Description("The chosen values of a MULTI_CHOICE field, in the definition's order.")
            .Resolve(ctx => ctx.Source.Definition.Type == CustomFieldType.MultiChoice ? ctx.Source.Value.ChosenValues : null);
    }
}

public sealed class CustomFieldDefinitionType : ObjectGraphType<CustomFieldDefinition>
{
    public CustomFieldDefinitionType()
    {
        Name = "CustomFieldDefinition";
        Description = "A field the tenant added to one kind of record, named by its key in inputs, filters, orders, imports and rules.";
        Field(d => d.Entity, type: typeof(NonNullGraphType<CustomFieldEntityType>));
        Field(d => d.Key).Description("Lower-case letters, digits and underscores; never a built-in field's name.");
        Field(d => d.Label);
        Field(d => d.Type, type: typeof(NonNullGraphType<CustomFieldTypeType>));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("choices").Resolve(ctx => ctx.Source.Choices);
        Field(d => d.Required).Description("Required fields must be given when the record is created and cannot be cleared.");
        Field(d => d.CreatedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
    }
}

public sealed class CustomFieldValueInputType : InputObjectGraphType
{
    public CustomFieldValueInputType()
    {
        Name = "CustomFieldValueInput";
        Description = "A custom-field value: the key and the value in the part of the field's type. No part, or null, clears the value.";
        Field<NonNullGraphType<StringGraphType>>("key");
        Field<StringGraphType>("text");
        Field<DecimalStringGraphType>("number");
        Field<DateOnlyGraphType>("date");
        Field<StringGraphType>("choice");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("choices").Description("For a MULTI_CHOICE field.");
    }
}

public sealed class CustomFieldFilterInputType : InputObjectGraphType
{
    public CustomFieldFilterInputType()
    {
        Name = "CustomFieldFilter";
        Description = "A condition on one custom field; every part given must hold, and must suit the field's type.";
        Field<NonNullGraphType<StringGraphType>>("key");
        Field<BooleanGraphType>("hasValue").Description("True: the record has a value; false: it has none.");
        Field<StringGraphType>("equals").Description("TEXT or CHOICE: exactly this value.");
        Field<StringGraphType>("contains").Description("TEXT: contains this, ignoring case for Latin letters.");
        Field<DecimalStringGraphType>("atLeast").Description("NUMBER: at least this.");
        Field<DecimalStringGraphType>("atMost").Description("NUMBER: at most this.");
        Field<DateOnlyGraphType>("from").Description("DATE: on or after.");
        Field<DateOnlyGraphType>("to").Description("DATE: on or before.");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("anyOf").Description("CHOICE: one of these; MULTI_CHOICE: has one of these.");
    }
}

public sealed class CustomFieldOrderInputType : InputObjectGraphType
{
    public CustomFieldOrderInputType()
    {
        Name = "CustomFieldOrder";
        Description = "Orders by a custom field's value (numbers as numbers, dates as dates); records without a value come first ascending. Ties are broken by id.";
        Field<NonNullGraphType<StringGraphType>>("key");
        Field<NonNullGraphType<SortDirectionType>>("direction").DefaultValue(SortDirection.Asc);
    }
}

public sealed class CustomFieldErrorType : UserErrorType<CustomFieldError>
{
    public CustomFieldErrorType() : base("CustomFieldError", "A custom-field value broke its definition.")
    {
        Field(e => e.Field).Description("Path of the offending input, e.g. `input.customFields[1].number`.");
        Field(e => e.Key).Description("The custom field's key.");
        Field(e => e.Problem, type: typeof(NonNullGraphType<CustomFieldProblemType>));
        Field(e => e.ExpectedType, type: typeof(CustomFieldTypeType)).Description("The field's type; null when the key is unknown.");
    }
}

public sealed class ReservedFieldKeyErrorType : UserErrorType<ReservedFieldKeyError>
{
    public ReservedFieldKeyErrorType() : base("ReservedFieldKeyError", "A custom field's key would shadow a built-in field of the record.")
    {
        Field(e => e.Field);
        Field(e => e.Key);
    }
}
