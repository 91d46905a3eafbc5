using System.Text.RegularExpressions;

namespace HeadlessSales.Api.Infrastructure.Values;

/// <summary>An amount in one currency; amounts of different currencies are never added up silently.</summary>
public sealed partial record Money(decimal Amount, string Currency)
{
    public static bool IsCurrencyCode(string? code) => code is not null && CurrencyCodePattern().IsMatch(code);

    [GeneratedRegex("^[A-Z]{3}$", RegexOptions.CultureInvariant)]
    private static partial Regex CurrencyCodePattern();
}
