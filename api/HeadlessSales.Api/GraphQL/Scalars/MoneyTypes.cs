using GraphQL.Types;
using HeadlessSales.Api.Infrastructure.Values;

namespace HeadlessSales.Api.GraphQL.Scalars;

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
