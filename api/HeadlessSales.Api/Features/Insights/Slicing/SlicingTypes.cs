using GraphQL.Types;
using HeadlessSales.Api.Features.Activities;
using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.GraphQL.DataLoaders;
using HeadlessSales.Api.GraphQL.Errors;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Scalars;
using HeadlessSales.Api.GraphQL.Schema;

namespace HeadlessSales.Api.Features.Insights.Slicing;

public sealed class SliceDimensionType : EnumerationGraphType<SliceDimension>
{
    public SliceDimensionType()
    {
        Name = "SliceDimension";
        Description = "MONTH: the month the opportunity was created (tenant's calendar). REP_CLUSTER: the rep's behaviour cluster (UNCLUSTERED until clusters are computed).";
    }
}

public sealed class SliceMeasureType : EnumerationGraphType<SliceMeasure>
{
    public SliceMeasureType()
    {
        Name = "SliceMeasure";
        Description = "Over the opportunities of a cell: OPPORTUNITIES; WON (contract signed); WIN_RATE (won ÷ opportunities); AMOUNT (signed contracts); "
            + "CYCLE_DAYS (creation → signature, mean over won); PROPOSAL_TO_SIGNATURE_DAYS (first entering the proposal stage → signature, mean); "
            + "PROPOSAL_DWELL_DAYS (finished stays in the proposal stage, mean); PROPOSAL_PASS_RATE (of those that reached the proposal stage, the share that "
            + "went on to a later one); FOLLOW_UPS (on the opportunities; only the kinds and tags of the filter when given).";
    }
}

public sealed class SliceFilterInputType : InputObjectGraphType
{
    public SliceFilterInputType()
    {
        Name = "SliceFilterInput";
        Description = "All given conditions must hold. `from`/`to` bound when the opportunities were created (half-open).";
        Field<UtcDateTimeGraphType>("from");
        Field<UtcDateTimeGraphType>("to");
        Field<ListGraphType<NonNullGraphType<IndustryType>>>("industries");
        Field<ListGraphType<NonNullGraphType<OwnershipTypeType>>>("ownerships");
        Field<ListGraphType<NonNullGraphType<CompanySizeType>>>("accountSizes");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("provinces");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("subSegments");
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("teamIds");
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("memberIds").Description("Owners of the opportunities.");
        Field<ListGraphType<NonNullGraphType<LeadSourceType>>>("leadSources");
        Field<ListGraphType<NonNullGraphType<ActivityKindType>>>("followUpKinds").Description("Which follow-ups FOLLOW_UPS counts.");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("followUpTags").Description("FOLLOW_UPS counts follow-ups carrying any of these tags.");
    }
}

public sealed class SliceInputType : InputObjectGraphType
{
    public SliceInputType()
    {
        Name = "SliceInput";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SliceDimensionType>>>>("dimensions").Description("At most 4; none gives one cell for everything.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SliceMeasureType>>>>("measures").Description("At least one.");
        Field<SliceFilterInputType>("where");
        Field<StringGraphType>("proposalStageCode").Description("The stage the PROPOSAL_* measures read (default QUOTATION, 方案报价).");
    }
}

public sealed class SliceKeyType : ObjectGraphType<SliceKeyValue>
{
    public SliceKeyType()
    {
        Name = "SliceKey";
        Field<NonNullGraphType<SliceDimensionType>>("dimension").Resolve(ctx => ctx.Source.Dimension);
        Field<StringGraphType>("value")
            .Description("The code (NEW_ENERGY, STATE_OWNED, …), the team's or member's global id, the month as yyyy-MM, the province; null when the opportunities have none.")
            .Resolve(ctx => ctx.Source.Id is { } id ? GlobalId.Encode(ctx.Source.Dimension == SliceDimension.Team ? "Team" : "Member", id) : ctx.Source.Value);
        Field<TeamType>("team").Resolve(ctx => ctx.Source is { Dimension: SliceDimension.Team, Id: { } id } ? ctx.DataLoader<TeamByIdDataLoader>().LoadAsync(id) : null);
        Field<MemberType>("member").Resolve(ctx => ctx.Source is { Dimension: SliceDimension.Rep, Id: { } id } ? ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(id) : null);
    }
}

public sealed class SliceValueType : ObjectGraphType<SliceMeasureValue>
{
    public SliceValueType()
    {
        Name = "SliceValue";
        Field<NonNullGraphType<SliceMeasureType>>("measure").Resolve(ctx => ctx.Source.Measure);
        Field(v => v.Value, nullable: true).Description("Null where the measure has no basis (a mean over nothing).");
    }
}

public sealed class SliceRowType : ObjectGraphType<SliceRow>
{
    public SliceRowType()
    {
        Name = "SliceRow";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SliceKeyType>>>>("keys").Description("In the order of the dimensions asked.").Resolve(ctx => ctx.Source.Keys);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SliceValueType>>>>("values").Description("In the order of the measures asked.").Resolve(ctx => ctx.Source.Values);
    }
}

public sealed record DataSlice(SliceDefinition Definition, IReadOnlyList<SliceRow> Rows);

public sealed class DataSliceType : ObjectGraphType<DataSlice>
{
    public DataSliceType()
    {
        Name = "DataSlice";
        Description = "Opportunities the caller sees, cut by the dimensions asked, each cell with the measures asked; computed by the database.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SliceDimensionType>>>>("dimensions").Resolve(ctx => ctx.Source.Definition.Dimensions);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SliceMeasureType>>>>("measures").Resolve(ctx => ctx.Source.Definition.Measures);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SliceRowType>>>>("rows").Description("Ordered by their keys.").Resolve(ctx => ctx.Source.Rows);
    }
}

public sealed class SavedSliceType : ObjectGraphType<SavedSlice>
{
    public SavedSliceType()
    {
        Name = "SavedSlice";
        Description = "A slice kept by name for the tenant; `dataSlice(savedSlice:)` runs it with the caller's visibility.";
        Field(s => s.Name);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SliceDimensionType>>>>("dimensions").Resolve(ctx => ctx.Source.Definition.Dimensions);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SliceMeasureType>>>>("measures").Resolve(ctx => ctx.Source.Definition.Measures);
        Field(s => s.CreatedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
        Field(s => s.UpdatedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
    }
}

public sealed class SaveSliceInputType : InputObjectGraphType
{
    public SaveSliceInputType()
    {
        Name = "SaveSliceInput";
        Field<NonNullGraphType<StringGraphType>>("name").Description("Unique in the tenant; saving under an existing name replaces that slice.");
        Field<NonNullGraphType<SliceInputType>>("slice");
    }
}

public sealed class SaveSliceErrorType() : MutationErrorUnion("saveSlice", typeof(ValidationErrorType));

public sealed class SaveSlicePayloadType() : PayloadType<SavedSliceType, SavedSlice, SaveSliceErrorType>("saveSlice", "savedSlice");
