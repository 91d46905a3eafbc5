using System.Text.RegularExpressions;
using HeadlessSales.Api.Infrastructure.Errors;
using HeadlessSales.Api.Infrastructure.Values;
using HeadlessSales.Api.GraphQL.Schema;

namespace HeadlessSales.Api.Features.Pipeline;

/// <summary>A lead converts once; the second attempt names what the first one made.</summary>
public sealed record LeadAlreadyConvertedError(long? OpportunityId) : UserError("The lead was converted already; a lead converts once.", "LEAD_ALREADY_CONVERTED");

public static partial class PipelineRules
{
    public const int MaxStages = 20;

    public const int ReasonMaxLength = 500;

    public static bool IsCode(string code) => CodePattern().IsMatch(code);

    /// <summary>An amount as given, or reports why it is not one.</summary>
    public static Money? ReadAmount(InputFields input, string name)
    {
        var amount = input.Get<Money>(name);
        if (amount is not null && (amount.Amount < 0 || !Money.IsCurrencyCode(amount.Currency)))
        {
            input.Invalid(name, $"`{name}` needs a non-negative amount and an ISO 4217 currency code such as CNY.");
            return null;
        }

        return amount;
    }

    public static int? ReadProbability(InputFields input, string name)
    {
        var probability = input.Get<int?>(name);
        if (probability is < 0 or > 100)
        {
            input.Invalid(name, $"`{name}` is a percentage from 0 to 100.");
            return null;
        }

        return probability;
    }

    [GeneratedRegex("^[A-Z][A-Z0-9_]{0,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();
}
