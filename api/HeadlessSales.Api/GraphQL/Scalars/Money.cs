using System.Text.RegularExpressions;
using GraphQL.Types;

namespace HeadlessSales.Api.GraphQL.Scalars;

/// <summary>An amount in one currency; amounts of different currencies are never added up silently.</summary>
public sealed partial record Money(decimal Amount, string Currency)
{
    public static bool IsCurrencyCode(string? code) => code is not null && CurrencyCodePattern().IsMatch(code);

    [GeneratedRegex("^[A-Z]{3}$", RegexOptions.CultureInvariant)]
    private static partial Regex CurrencyCodePattern();
}

public sealed class MoneyType : ObjectGraphType<Money>
{
    public MoneyType()
    {
        Name = "Money";
        Description = "An amount of money in one currency.";
        Field(m => m.Amount, type: typeof(NonNullGraphType<DecimalStringGraphType>));
        Field(m => m.Currency).Description("ISO 4217 currency code, e.g. `CNY`.");
    }
}

public sealed class MoneyInputType : InputObjectGraphType<Money>
{
    public MoneyInputType()
    {
        Name = "MoneyInput";
        Field(m => m.Amount, type: typeof(NonNullGraphType<DecimalStringGraphType>));
        Field(m => m.Currency).Description("ISO 4217 currency code, e.g. `CNY`.");
    }

    public override object ParseDictionary(IDictionary<string, object?> value) =>
        new Money((decimal)value["amount"]!, (string)value["currency"]!);
}
