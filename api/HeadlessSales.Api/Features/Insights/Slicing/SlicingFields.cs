using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.Features.Activities;
using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Insights.Slicing;

/// <summary>
/// <c>dataSlice</c>, <c>savedSlices</c> and <c>saveSlice</c>: analysis configured without code. A slice always runs on the
/// caller's context, so a rep's slice covers only their own opportunities, a team lead's their team's (the one rule).
/// </summary>
public sealed class SlicingFields(TimeProvider clock, IServiceProvider services) : IQueryFields, IMutationFields
{
    public const int MaxDimensions = 4;

    private static readonly MemberRole[] Analysts = [MemberRole.TeamLead, MemberRole.RegionManager, MemberRole.SalesOps, MemberRole.Admin];

    void IQueryFields.AddTo(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<DataSliceType>>("dataSlice")
            .Authorize(Scopes.SalesRead)
            .Description("Cuts the opportunities the caller sees by dimensions and measures them, in the database; give `input`, or a `savedSlice` name.")
            .Argument<SliceInputType>("input")
            .Argument<StringGraphType>("savedSlice")
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                SliceDefinition definition;
                if (ctx.GetArgument<string?>("savedSlice") is { } name)
                {
                    var saved = await db.SavedSlices.AsNoTracking().FirstOrDefaultAsync(s => s.Name == name, ctx.CancellationToken)
                        ?? throw new ExecutionError($"The tenant has no saved slice named {name}.") { Code = "NOT_FOUND" };
                    definition = saved.Definition;
                }
                else
                {
                    var input = new InputFields(ctx.GetArgument<Dictionary<string, object?>>("input") ?? [], "input");
                    definition = Read(input);
                    if (!input.IsValid)
                    {
                        throw new ExecutionError(string.Join(" ", input.Errors.Select(e => e.Message))) { Code = "INVALID_ARGUMENT" };
                    }
                }

                var zone = await MonthlyAttributionJob.ZoneAsync(db, ctx.TenantId(), ctx.CancellationToken);
                var rows = await DataSlices.ComputeAsync(db, definition, zone, services.GetService<IRepClusterSource>(), ctx.CancellationToken);
                return new DataSlice(definition, rows);
            });

        query.Field<NonNullGraphType<ConnectionType<SavedSliceType>>>("savedSlices")
            .Authorize(Scopes.SalesRead)
            .Description("The tenant's saved slices, oldest first.")
            .PagingArguments()
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var connection = await db.SavedSlices.AsNoTracking()
                    .ToConnectionAsync(SortOrder<SavedSlice>.ById(), ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken);
                return connection.Erase();
            });
    }

    void IMutationFields.AddTo(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<SaveSlicePayloadType>>("saveSlice")
            .Authorize(Scopes.SalesWrite, Analysts)
            .Description("Keeps a slice by name for the tenant (replacing one of the same name); anyone of the tenant runs it with their own visibility.")
            .Argument<NonNullGraphType<SaveSliceInputType>>("input")
            .ResolveAsync(async ctx => await SaveAsync(ctx, ctx.GetInput()));
    }

    private async Task<MutationPayload<SavedSlice>> SaveAsync(IResolveFieldContext ctx, InputFields input)
    {
        var ct = ctx.CancellationToken;
        var name = input.RequiredText("name", 200);
        var sliceInput = new InputFields(input.Get<Dictionary<string, object?>>("slice") ?? [], input.PathOf("slice"));
        var definition = Read(sliceInput);
        var errors = input.Errors.Concat(sliceInput.Errors).ToList();
        if (errors.Count > 0)
        {
            return MutationPayload.Failure(errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var actor = ctx.Actor();
        await using var db = ctx.Database();
        for (var attempt = 1; ; attempt++)
        {
            var saved = await db.SavedSlices.FirstOrDefaultAsync(s => s.Name == name, ct);
            if (saved is null)
            {
                saved = new SavedSlice
                {
                    TenantId = ctx.TenantId(), Name = name!, DefinitionJson = SavedSlice.Serialize(definition),
                    CreatedById = actor.Kind == ActorKind.Member ? actor.MemberId : null, CreatedAt = now, UpdatedAt = now,
                };
                db.SavedSlices.Add(saved);
            }
            else
            {
                saved.DefinitionJson = SavedSlice.Serialize(definition);
                saved.UpdatedAt = now;
            }

            try
            {
                await db.SaveChangesAsync(ct);
                return MutationPayload.Success(saved);
            }
            catch (DbUpdateException exception) when (attempt == 1 && UniqueViolation.Is(exception))
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>A <see cref="SliceDefinition"/> from a <c>SliceInput</c>; what is wrong goes to <paramref name="input"/>'s errors.</summary>
    public static SliceDefinition Read(InputFields input)
    {
        var dimensions = (input.List<SliceDimension>("dimensions") ?? []).Distinct().ToList();
        var measures = (input.List<SliceMeasure>("measures") ?? []).Distinct().ToList();
        if (dimensions.Count > MaxDimensions)
        {
            input.Invalid("dimensions", $"A slice is cut by at most {MaxDimensions} dimensions.");
        }

        if (measures.Count == 0)
        {
            input.Invalid("measures", "A slice measures at least one thing.");
        }

        var filter = new InputFields(input.Get<Dictionary<string, object?>>("where") ?? [], input.PathOf("where"));
        var from = filter.Get<DateTime?>("from")?.ToUniversalTime();
        var to = filter.Get<DateTime?>("to")?.ToUniversalTime();
        if (from is not null && to is not null && to <= from)
        {
            input.Invalid("where", "`to` must be after `from`.");
        }

        static List<long>? Ids(InputFields fields, string name, string type) =>
            fields.List<string>(name)?.Select(id => GlobalId.TryDecode(id, type) ?? -1).ToList();

        return new SliceDefinition(
            dimensions, measures, from, to,
            filter.List<Industry>("industries"), filter.List<OwnershipType>("ownerships"), filter.List<CompanySize>("accountSizes"),
            filter.List<string>("provinces"), filter.List<string>("subSegments"), Ids(filter, "teamIds", "Team"), Ids(filter, "memberIds", "Member"),
            filter.List<LeadSource>("leadSources"), filter.List<ActivityKind>("followUpKinds"), filter.List<string>("followUpTags"),
            input.OptionalText("proposalStageCode", 64) ?? "QUOTATION");
    }
}
