using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.GraphQL.Errors;
using HeadlessSales.Api.GraphQL.Scalars;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Insights;

public sealed class AttributionSettingsType : ObjectGraphType<AttributionSettings>
{
    public AttributionSettingsType()
    {
        Name = "AttributionSettings";
        Description = "How the tenant splits its reps for the attribution report: the monthly job uses these, and an on-demand report fills in from them what it does not override.";
        Field<NonNullGraphType<ConversionBasisType>>("basis").Resolve(ctx => ctx.Source.Basis);
        Field(s => s.TopShare).Description("Share of the ranked reps in the top group (rounded down, at least one rep).");
        Field(s => s.BottomShare).Description("Share of the ranked reps in the bottom group.");
        Field(s => s.MinimumLeads).Description("Leads a rep needs in the period to be ranked.");
        Field<UtcDateTimeGraphType>("updatedAt").Description("Null while the tenant uses the defaults.").Resolve(ctx => ctx.Source.Id == 0 ? null : ctx.Source.UpdatedAt);
    }
}

public sealed class UpdateAttributionSettingsErrorType() : MutationErrorUnion("updateAttributionSettings", typeof(ValidationErrorType));

public sealed class UpdateAttributionSettingsPayloadType() : PayloadType<AttributionSettingsType, AttributionSettings, UpdateAttributionSettingsErrorType>("updateAttributionSettings", "settings");

public sealed class AttributionSettingsFields(TimeProvider clock) : IQueryFields, IMutationFields
{
    void IQueryFields.AddTo(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<AttributionSettingsType>>("attributionSettings")
            .Authorize(Scopes.SalesRead)
            .Description("The tenant's settings for the process-attribution report (the defaults until changed).")
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                return await AttributionAnalysis.SettingsAsync(db, ctx.CancellationToken);
            });
    }

    void IMutationFields.AddTo(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<UpdateAttributionSettingsPayloadType>>("updateAttributionSettings")
            .Authorize(Scopes.OrgAdmin, Configurers.Roles)
            .Description("Changes how the attribution report splits reps; a field left out keeps its value. Stored reports keep the settings they were made with.")
            .Argument<NonNullGraphType<AttributionSettingsInputType>>("input")
            .ResolveAsync(async ctx => await UpdateAsync(ctx, ctx.GetInput()));
    }

    private async Task<MutationPayload<AttributionSettings>> UpdateAsync(IResolveFieldContext ctx, InputFields input)
    {
        var ct = ctx.CancellationToken;
        await using var db = ctx.Database();
        for (var attempt = 1; ; attempt++)
        {
            var settings = await db.AttributionSettings.FirstOrDefaultAsync(ct);
            var parameters = AttributionParameterInput.Read(input, settings ?? new AttributionSettings { TenantId = ctx.TenantId() });
            if (!input.IsValid)
            {
                return MutationPayload.Failure(input.Errors);
            }

            if (settings is null)
            {
                settings = new AttributionSettings { TenantId = ctx.TenantId() };
                db.AttributionSettings.Add(settings);
            }

            (settings.Basis, settings.TopShare, settings.BottomShare, settings.MinimumLeads) = (parameters.Basis, parameters.TopShare, parameters.BottomShare, parameters.MinimumLeads);
            settings.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            try
            {
                await db.SaveChangesAsync(ct);
                return MutationPayload.Success(settings);
            }
            catch (DbUpdateException exception) when (attempt == 1 && UniqueViolation.Is(exception))
            {
                // Two first updates raced on the tenant's one row: apply ours to the row the other made.
                db.ChangeTracker.Clear();
            }
        }
    }
}
