using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.GraphQL.Errors;
using HeadlessSales.Api.GraphQL.Scalars;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Targets.Diagnosis;

public sealed class UpdateTargetHealthThresholdsInputType : InputObjectGraphType
{
    public UpdateTargetHealthThresholdsInputType()
    {
        Name = "UpdateTargetHealthThresholdsInput";
        Description = "Omitted fields keep their value. Counts are whole numbers from 1, shares from 0 (exclusive) to 1.";
        foreach (var name in TargetHealthMutations.Counts.Keys)
        {
            Field<IntGraphType>(name);
        }

        foreach (var name in TargetHealthMutations.Shares.Keys)
        {
            Field<FloatGraphType>(name);
        }

        Field<DecimalStringGraphType>("splitAmountBelow").Description("CNY, more than zero.");
    }
}

public sealed class UpdateTargetHealthThresholdsErrorType() : MutationErrorUnion("updateTargetHealthThresholds", typeof(ValidationErrorType), typeof(InvalidStateErrorType));

public sealed class UpdateTargetHealthThresholdsPayloadType()
    : PayloadType<TargetHealthThresholdsType, TargetHealthThresholds, UpdateTargetHealthThresholdsErrorType>("updateTargetHealthThresholds", "thresholds");

/// <summary>Sales ops and admins set where each diagnosis rule draws its line; the next diagnosis judges by them.</summary>
public sealed class TargetHealthMutations(TimeProvider clock) : IMutationFields
{
    /// <summary>The whole-number thresholds by input name, with their upper bound.</summary>
    internal static readonly Dictionary<string, (int Max, Action<TargetHealthThresholds, int> Set)> Counts = new()
    {
        ["consecutiveWeeks"] = (12, (t, v) => t.ConsecutiveWeeks = v),
        ["weeklyOpportunityGoal"] = (1000, (t, v) => t.WeeklyOpportunityGoal = v),
        ["conversionLookbackWeeks"] = (52, (t, v) => t.ConversionLookbackWeeks = v),
        ["splitWindowDays"] = (365, (t, v) => t.SplitWindowDays = v),
        ["splitMinContracts"] = (100, (t, v) => t.SplitMinContracts = v),
        ["slipDays"] = (31, (t, v) => t.SlipDays = v),
        ["slipMinCollections"] = (100, (t, v) => t.SlipMinCollections = v),
        ["coverageWeeks"] = (26, (t, v) => t.CoverageWeeks = v),
        ["coverageMinAccounts"] = (1000, (t, v) => t.CoverageMinAccounts = v),
        ["spikeMinSignings"] = (1000, (t, v) => t.SpikeMinSignings = v),
    };

    /// <summary>The thresholds that are shares, by input name.</summary>
    internal static readonly Dictionary<string, Action<TargetHealthThresholds, double>> Shares = new()
    {
        ["conversionShareOfTeamMean"] = (t, v) => t.ConversionShareOfTeamMean = v,
        ["slipShare"] = (t, v) => t.SlipShare = v,
        ["coverageDropShare"] = (t, v) => t.CoverageDropShare = v,
        ["spikeShare"] = (t, v) => t.SpikeShare = v,
    };

    public void AddTo(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<UpdateTargetHealthThresholdsPayloadType>>("updateTargetHealthThresholds")
            .Authorize(Scopes.SalesWrite)
            .Description("Sales ops and admins: where each target-health rule draws its line.")
            .Argument<NonNullGraphType<UpdateTargetHealthThresholdsInputType>>("input")
            .ResolveAsync(async ctx => await UpdateAsync(ctx, ctx.GetInput()));
    }

    private async Task<MutationPayload<TargetHealthThresholds>> UpdateAsync(IResolveFieldContext ctx, InputFields input)
    {
        var ct = ctx.CancellationToken;
        if (ctx.Actor().VisibleOwnerIds is not null)
        {
            return MutationPayload.Failure(new InvalidStateError("Only sales ops and admins change the target-health thresholds."));
        }

        await using var db = ctx.Database();
        var thresholds = await db.TargetHealthThresholds.FirstOrDefaultAsync(ct);
        if (thresholds is null)
        {
            thresholds = new TargetHealthThresholds { TenantId = ctx.TenantId() };
            db.TargetHealthThresholds.Add(thresholds);
        }

        foreach (var (name, (max, set)) in Counts)
        {
            if (input.Get<int?>(name) is { } value)
            {
                if (value < 1 || value > max)
                {
                    input.Invalid(name, $"From 1 to {max}.");
                }

                set(thresholds, value);
            }
        }

        foreach (var (name, set) in Shares)
        {
            if (input.Get<double?>(name) is { } value)
            {
                if (value is <= 0 or > 1)
                {
                    input.Invalid(name, "A share above 0, at most 1.");
                }

                set(thresholds, value);
            }
        }

        if (input.Get<decimal?>("splitAmountBelow") is { } amount)
        {
            if (amount <= 0)
            {
                input.Invalid("splitAmountBelow", "More than zero.");
            }

            thresholds.SplitAmountBelow = amount;
        }

        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        thresholds.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return MutationPayload.Success(thresholds);
    }
}
