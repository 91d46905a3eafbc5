using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.GraphQL.DataLoaders;

namespace HeadlessSales.Api.Features.Pipeline;

/// <summary>The opportunity a lead became, added to the Lead type from here: a lead is converted into an opportunity by this module.</summary>
public sealed class LeadConversionFields : ITypeFields<LeadType>
{
    public void AddTo(LeadType type) =>
        type.Field<OpportunityType>("convertedOpportunity")
            .Resolve(ctx => ctx.Source.ConvertedOpportunityId is { } id ? ctx.DataLoader<OpportunityByIdDataLoader>().LoadAsync(id) : null);
}
