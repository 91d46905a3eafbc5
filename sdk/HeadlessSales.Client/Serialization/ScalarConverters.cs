using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HeadlessSales.Client.Serialization;

/// <summary>GraphQL <c>DateTime</c> ↔ <see cref="DateTimeOffset"/>, written as UTC ISO-8601 (<c>2026-11-27T09:30:00Z</c>).</summary>
public sealed class DateTimeScalarConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String
            ? reader.GetString()!
            : throw new JsonException("A GraphQL DateTime must be a string, got " + reader.TokenType + ".");
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            throw new JsonException("'" + text + "' is not an ISO-8601 date-time.");
        }

        return value;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
}

/// <summary>GraphQL <c>Date</c> ↔ <see cref="DateOnly"/>, as <c>yyyy-MM-dd</c>.</summary>
public sealed class DateScalarConverter : JsonConverter<DateOnly>
{
    public override DateOnly Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String
            ? reader.GetString()!
            : throw new JsonException("A GraphQL Date must be a string, got " + reader.TokenType + ".");
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? value
            : throw new JsonException("'" + text + "' is not a yyyy-MM-dd date.");
    }

    public override void Write(Utf8JsonWriter writer, DateOnly value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
}

/// <summary>GraphQL <c>TimeOnly</c> ↔ <see cref="TimeOnly"/>, written as <c>HH:mm:ss</c> with fractional seconds when present.</summary>
public sealed class TimeScalarConverter : JsonConverter<TimeOnly>
{
    public override TimeOnly Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String
            ? reader.GetString()!
            : throw new JsonException("A GraphQL TimeOnly must be a string, got " + reader.TokenType + ".");
        return TimeOnly.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? value
            : throw new JsonException("'" + text + "' is not a time of day.");
    }

    public override void Write(Utf8JsonWriter writer, TimeOnly value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture));
}

/// <summary>
/// GraphQL <c>Decimal</c> ↔ <see cref="decimal"/>. The server writes decimals as strings so no JSON reader
/// rounds them through a double; numbers are accepted too. Values are written as strings.
/// </summary>
public sealed class DecimalScalarConverter : JsonConverter<decimal>
{
    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                return reader.GetDecimal();
            case JsonTokenType.String:
                var text = reader.GetString()!;
                return decimal.TryParse(text, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value)
                    ? value
                    : throw new JsonException("'" + text + "' is not a decimal number.");
            default:
                throw new JsonException("A GraphQL Decimal must be a string or a number, got " + reader.TokenType + ".");
        }
    }

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
}
