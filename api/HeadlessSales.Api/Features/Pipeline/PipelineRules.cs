using System.Text.RegularExpressions;
using HeadlessSales.Api.Infrastructure.Errors;
using HeadlessSales.Api.Infrastructure.Values;

namespace HeadlessSales.Api.Features.Pipeline;

/// <summary>A lead converts once; the second attempt names what the first one made.</summary>
public sealed record LeadAlreadyConvertedError(long? OpportunityId) : UserError("The lead was converted already; a lead converts once.", "LEAD_ALREADY_CONVERTED");

public static partial class PipelineRules
{
    public const int MaxStages = 20;

    public const int ReasonMaxLength = 500;

    public static bool IsCode(string code) => CodePattern().IsMatch(code);

    /// <returns>Why <paramref name="amount"/> cannot be the amount of <paramref name="field"/>, or null when it can.</returns>
    public static string? CheckAmount(Money amount, string field) =>
        amount.Amount < 0 || !Money.IsCurrencyCode(amount.Currency)
            ? $"`{field}` needs a non-negative amount and an ISO 4217 currency code such as CNY."
            : null;

    /// <returns>Why <paramref name="probability"/> cannot be the percentage <paramref name="field"/>, or null when it can.</returns>
    public static string? CheckProbability(int probability, string field) =>
        probability is < 0 or > 100 ? $"`{field}` is a percentage from 0 to 100." : null;

    [GeneratedRegex("^[A-Z][A-Z0-9_]{0,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();
}
