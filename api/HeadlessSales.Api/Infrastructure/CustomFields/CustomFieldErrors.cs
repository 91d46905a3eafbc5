using HeadlessSales.Api.Infrastructure.Errors;

namespace HeadlessSales.Api.Infrastructure.CustomFields;

public enum CustomFieldProblem
{
    /// <summary>No field of this key is defined for the record's kind.</summary>
    Unknown,

    /// <summary>The value was given in a field of another type (a number for a text field), or in several.</summary>
    WrongType,

    /// <summary>A choice that is not in the field's list.</summary>
    NotAChoice,

    /// <summary>A required field was left out or cleared.</summary>
    Required,

    /// <summary>The value is of the right type but breaks a limit (too long, out of range, given twice).</summary>
    OutOfRange,
}

/// <summary>A custom-field value broke its definition. <see cref="Field"/> is the input path, <see cref="Key"/> the field's key.</summary>
public sealed record CustomFieldError(string Field, string Key, CustomFieldProblem Problem, CustomFieldType? ExpectedType, string Message)
    : UserError(Message, "CUSTOM_FIELD_" + global::GraphQL.StringExtensions.ToConstantCase(Problem.ToString()));

/// <summary>A custom field's key would shadow a built-in field of the record.</summary>
public sealed record ReservedFieldKeyError(string Field, string Key)
    : UserError($"'{Key}' is the name of a built-in field; choose another key.", "RESERVED_KEY");
