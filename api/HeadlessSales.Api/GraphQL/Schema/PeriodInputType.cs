using GraphQL.Types;
using HeadlessSales.Api.GraphQL.Scalars;

namespace HeadlessSales.Api.GraphQL.Schema;

/// <summary>A period argument shared by the reporting modules (process health, insights).</summary>
public sealed class PeriodInputType : InputObjectGraphType
{
    public PeriodInputType()
    {
        Name = "PeriodInput";
        Description = "The half-open period [from, to).";
        Field<NonNullGraphType<UtcDateTimeGraphType>>("from");
        Field<NonNullGraphType<UtcDateTimeGraphType>>("to");
    }
}
