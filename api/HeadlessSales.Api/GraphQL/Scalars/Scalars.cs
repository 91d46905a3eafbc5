using System.Globalization;
using GraphQL.Types;
using GraphQLParser.AST;

namespace HeadlessSales.Api.GraphQL.Scalars;

/// <summary>An instant in UTC, ISO-8601 with an offset. Inputs with another offset are converted; inputs without one are refused.</summary>
public sealed class UtcDateTimeGraphType : ScalarGraphType
{
    public UtcDateTimeGraphType()
    {
        Name = "DateTime";
        Description = "An instant, ISO-8601 in UTC, e.g. `2026-11-27T09:30:00Z`. Inputs must carry an offset.";
    }

    public override object? Serialize(object? value) => value switch
    {
        null => null,
        DateTime dateTime => ToUtc(dateTime).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
        DateTimeOffset offset => offset.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
        _ => ThrowSerializationError(value),
    };

    public override object? ParseValue(object? value) => value switch
    {
        null => null,
        string text => Parse(text),
        DateTime dateTime => ToUtc(dateTime),
        DateTimeOffset offset => offset.UtcDateTime,
        _ => ThrowValueConversionError(value),
    };

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLNullValue => null,
        GraphQLStringValue text => Parse((string)text.Value),
        _ => ThrowLiteralConversionError(value),
    };

    private static DateTime ToUtc(DateTime value) =>
        value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value, DateTimeKind.Utc) : value.ToUniversalTime();

    private static DateTime Parse(string text)
    {
        if (!DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
            || !(text.EndsWith('Z') || text.Length > 6 && (text[^6] == '+' || text[^6] == '-')))
        {
            throw new FormatException($"'{text}' is not an ISO-8601 date-time with an offset, e.g. 2026-11-27T09:30:00Z.");
        }

        return parsed.UtcDateTime;
    }
}

/// <summary>An exact decimal, serialized as a string so no client loses precision through a float.</summary>
public sealed class DecimalStringGraphType : ScalarGraphType
{
    public DecimalStringGraphType()
    {
        Name = "Decimal";
        Description = "An exact decimal number, serialized as a string (`\"1234.50\"`). Inputs may be strings or numbers.";
    }

    public override object? Serialize(object? value) => value switch
    {
        null => null,
        decimal number => number.ToString(CultureInfo.InvariantCulture),
        _ => ThrowSerializationError(value),
    };

    public override object? ParseValue(object? value) => value switch
    {
        null => null,
        string text => Parse(text),
        decimal number => number,
        int number => (decimal)number,
        long number => (decimal)number,
        double number => (decimal)number,
        System.Numerics.BigInteger number => (decimal)number,
        _ => ThrowValueConversionError(value),
    };

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLNullValue => null,
        GraphQLStringValue text => Parse((string)text.Value),
        GraphQLIntValue number => Parse((string)number.Value),
        GraphQLFloatValue number => Parse((string)number.Value),
        _ => ThrowLiteralConversionError(value),
    };

    private static decimal Parse(string text) =>
        decimal.TryParse(text, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new FormatException($"'{text}' is not a decimal number.");
}
