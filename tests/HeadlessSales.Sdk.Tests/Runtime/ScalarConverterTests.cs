using System.Text.Json;
using HeadlessSales.Client.Serialization;

namespace HeadlessSales.Sdk.Tests.Runtime;

public sealed class ScalarConverterTests
{
    private static readonly JsonSerializerOptions Options = CreateOptions();

    [Theory]
    [InlineData("\"2026-11-27T09:30:00Z\"")]
    [InlineData("\"2026-11-27T17:30:00+08:00\"")]
    public void DateTime_IsReadFromAnyOffset_AndWrittenInUtc(string json)
    {
        var value = JsonSerializer.Deserialize<DateTimeOffset>(json, Options);

        Assert.Equal(new DateTimeOffset(2026, 11, 27, 9, 30, 0, TimeSpan.Zero), value);
        Assert.Equal("\"2026-11-27T09:30:00Z\"", JsonSerializer.Serialize(value, Options));
    }

    [Fact]
    public void DateTime_KeepsFractionalSeconds()
    {
        var value = new DateTimeOffset(2026, 11, 27, 9, 30, 0, 123, TimeSpan.FromHours(1));

        Assert.Equal("\"2026-11-27T08:30:00.123Z\"", JsonSerializer.Serialize(value, Options));
    }

    [Theory]
    [InlineData("\"1234.50\"")]
    [InlineData("1234.50")]
    public void Decimal_AcceptsStringsAndNumbers_AndIsWrittenAsAString(string json)
    {
        var value = JsonSerializer.Deserialize<decimal>(json, Options);

        Assert.Equal(1234.50m, value);
        Assert.Equal("\"1234.50\"", JsonSerializer.Serialize(value, Options));
    }

    [Fact]
    public void DateAndTime_UseTheirIsoForms()
    {
        Assert.Equal(new DateOnly(2026, 2, 28), JsonSerializer.Deserialize<DateOnly>("\"2026-02-28\"", Options));
        Assert.Equal("\"2026-02-28\"", JsonSerializer.Serialize(new DateOnly(2026, 2, 28), Options));
        Assert.Equal(new TimeOnly(9, 30), JsonSerializer.Deserialize<TimeOnly>("\"09:30:00\"", Options));
        Assert.Equal("\"09:30:00\"", JsonSerializer.Serialize(new TimeOnly(9, 30), Options));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<DateOnly>("\"28/02/2026\"", Options));
    }

    [Fact]
    public void NullableScalars_AcceptNull()
    {
        Assert.Null(JsonSerializer.Deserialize<DateTimeOffset?>("null", Options));
        Assert.Null(JsonSerializer.Deserialize<decimal?>("null", Options));
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = GraphQLJson.CreateOptions();
        options.Converters.Add(new DateTimeScalarConverter());
        options.Converters.Add(new DateScalarConverter());
        options.Converters.Add(new TimeScalarConverter());
        options.Converters.Add(new DecimalScalarConverter());
        return options;
    }
}
