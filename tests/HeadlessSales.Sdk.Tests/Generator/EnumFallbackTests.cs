using HeadlessSales.Sdk.Tests.Infrastructure;

namespace HeadlessSales.Sdk.Tests.Generator;

/// <summary>The fallback member for enum values a client was generated without never takes the name of a real value.</summary>
public sealed class EnumFallbackTests
{
    [Fact]
    public void SchemaValuesNamedLikeTheFallback_KeepTheirNames_AndTheFallbackMovesAside()
    {
        var result = GeneratorHarness.RunOnce(
            ("/fixtures/schema.graphqls", """
                type Query { ticket: Ticket }
                type Ticket { state: TicketState! }
                enum TicketState { OPEN UNRECOGNIZED UNRECOGNIZED_VALUE }
                """),
            ("/fixtures/GetTicket.graphql", "query GetTicket { ticket { state } }"));

        Assert.Empty(result.Diagnostics);
        var source = result.Results.Single().GeneratedSources.Single(s => s.HintName == "Enums.TicketState.g.cs").SourceText.ToString();
        Assert.Contains("\"UNRECOGNIZED\" => TicketState.Unrecognized,", source);
        Assert.Contains("\"UNRECOGNIZED_VALUE\" => TicketState.UnrecognizedValue,", source);
        Assert.Contains("    UnrecognizedValueValue = -1,", source);
        Assert.Contains("_ => TicketState.UnrecognizedValueValue,", source);
    }
}
