using HeadlessSales.Api.Features.Approvals;
using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Errors;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Pipeline;

/// <summary>Pipelines and their stages, configured by admins and sales ops through the API.</summary>
public sealed class PipelineConfigurationMutations(TimeProvider clock, StageGateChecker gates) : IMutationFields
{
    public void AddTo(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<CreatePipelinePayloadType>>("createPipeline")
            .Authorize(Scopes.OrgAdmin, Configurers.Roles)
            .Description("Adds a pipeline with its stages in order.")
            .Argument<NonNullGraphType<CreatePipelineInputType>>("input")
            .ResolveAsync(async ctx => await CreatePipelineAsync(ctx, ctx.GetInput()));

        mutation.Field<NonNullGraphType<ConfigureStageGatePayloadType>>("configureStageGate")
            .Authorize(Scopes.OrgAdmin, Configurers.Roles)
            .Description("Sets what an opportunity needs before it may enter a stage: documents by kind, filled-in fields and approved requests. A document kind or approval policy that does not exist is refused.")
            .Argument<NonNullGraphType<ConfigureStageGateInputType>>("input")
            .ResolveAsync(async ctx => await ConfigureGateAsync(ctx, ctx.GetInput()));

        mutation.Field<NonNullGraphType<CreateApprovalPolicyPayloadType>>("createApprovalPolicy")
            .Authorize(Scopes.OrgAdmin, Configurers.Roles)
            .Description("Adds an approval chain: ordered steps, each decided by a role found from the subject owner's place in the org.")
            .Argument<NonNullGraphType<CreateApprovalPolicyInputType>>("input")
            .ResolveAsync(async ctx => await CreatePolicyAsync(ctx, ctx.GetInput()));
    }

    private async Task<MutationPayload<PipelineStage>> ConfigureGateAsync(IResolveFieldContext ctx, InputFields input)
    {
        await using var db = ctx.Database();
        var stageId = input.Id("stageId", "PipelineStage");
        var stage = stageId is null ? null : await db.PipelineStages.FirstOrDefaultAsync(s => s.Id == stageId, ctx.CancellationToken);
        if (stage is null)
        {
            return input.NotFoundPayload("stageId");
        }

        var documentKinds = (input.List<string>("requiredDocumentKinds") ?? []).Select(k => k.Trim()).Distinct().ToList();
        var approvals = (input.List<string>("requiredApprovals") ?? []).Select(a => a.Trim()).Distinct().ToList();
        var (unknownKinds, unknownPolicies) = await gates.UnknownAsync(db, documentKinds, approvals, ctx.CancellationToken);
        input.Errors.AddRange(unknownKinds.Select(k => new UnknownCodeError(input.PathOf("requiredDocumentKinds"), k)));
        input.Errors.AddRange(unknownPolicies.Select(a => new UnknownCodeError(input.PathOf("requiredApprovals"), a)));
        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        stage.SetGate(documentKinds, input.List<OpportunityGateField>("requiredFields") ?? [], approvals);
        await db.SaveChangesAsync(ctx.CancellationToken);
        return MutationPayload.Success(stage);
    }

    private async Task<MutationPayload<ApprovalPolicy>> CreatePolicyAsync(IResolveFieldContext ctx, InputFields input)
    {
        var code = input.RequiredText("code", 32);
        if (code is not null && !PipelineRules.IsCode(code))
        {
            input.Invalid("code", "`code` is upper-case letters, digits and _, starting with a letter.");
        }

        var name = input.RequiredText("name", 100);
        var steps = input.List<ApproverRole>("steps") ?? [];
        if (steps.Count is 0 or > ApprovalPolicyRules.MaxSteps)
        {
            input.Invalid("steps", $"A policy has 1 to {ApprovalPolicyRules.MaxSteps} steps.");
        }

        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        await using var db = ctx.Database();
        var policy = new ApprovalPolicy { TenantId = ctx.TenantId(), Code = code!, Name = name!, Steps = steps, CreatedAt = clock.GetUtcNow().UtcDateTime };
        var duplicate = new DuplicateError(input.PathOf("code"), code!, $"An approval policy with code '{code}' already exists.");
        if (await db.ApprovalPolicies.AnyAsync(p => p.Code == code, ctx.CancellationToken))
        {
            return MutationPayload.Failure(duplicate);
        }

        db.ApprovalPolicies.Add(policy);
        return await OrganizationMutations.SaveAsync(db, policy, duplicate, ctx.CancellationToken);
    }

    private async Task<MutationPayload<SalesPipeline>> CreatePipelineAsync(IResolveFieldContext ctx, InputFields input)
    {
        var code = input.RequiredText("code", 32);
        if (code is not null && !PipelineRules.IsCode(code))
        {
            input.Invalid("code", "`code` is upper-case letters, digits and _, starting with a letter.");
        }

        var name = input.RequiredText("name", 100);
        var englishName = input.OptionalText("englishName", 100);
        var stages = new List<PipelineStage>();
        var rows = input.List<Dictionary<string, object?>>("stages") ?? [];
        if (rows.Count is 0 or > PipelineRules.MaxStages)
        {
            input.Invalid("stages", $"A pipeline has 1 to {PipelineRules.MaxStages} stages.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var (row, index) in rows.Select((row, index) => (row, index)))
        {
            var stage = new InputFields(row, $"{input.PathOf("stages")}[{index}]");
            var stageCode = stage.RequiredText("code", 32);
            if (stageCode is not null && !PipelineRules.IsCode(stageCode))
            {
                stage.Invalid("code", "`code` is upper-case letters, digits and _, starting with a letter.");
            }
            else if (stageCode is not null && stages.Any(s => s.Code == stageCode))
            {
                stage.Invalid("code", $"Stage code '{stageCode}' is used twice.");
            }

            var stageName = stage.RequiredText("name", 100);
            var probability = stage.Probability("defaultProbability");
            input.Errors.AddRange(stage.Errors);
            stages.Add(new PipelineStage
            {
                TenantId = ctx.TenantId(),
                Position = index,
                Code = stageCode ?? string.Empty,
                Name = stageName ?? string.Empty,
                EnglishName = stage.OptionalText("englishName", 100),
                DefaultProbability = probability ?? 0,
                CreatedAt = now,
            });
        }

        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        await using var db = ctx.Database();
        var duplicate = new DuplicateError(input.PathOf("code"), code!, $"A pipeline with code '{code}' already exists.");
        if (await db.Pipelines.AnyAsync(p => p.Code == code, ctx.CancellationToken))
        {
            return MutationPayload.Failure(duplicate);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ctx.CancellationToken);
        var isDefault = input.Get<bool>("isDefault");
        if (isDefault)
        {
            await db.Pipelines.Where(p => p.IsDefault).ExecuteUpdateAsync(s => s.SetProperty(p => p.IsDefault, false), ctx.CancellationToken);
        }

        var pipeline = new SalesPipeline { TenantId = ctx.TenantId(), Code = code!, Name = name!, EnglishName = englishName, IsDefault = isDefault, CreatedAt = now };
        db.Pipelines.Add(pipeline);
        var saved = await OrganizationMutations.SaveAsync(db, pipeline, duplicate, ctx.CancellationToken);
        if (saved.Errors.Count > 0)
        {
            return saved;
        }

        db.PipelineStages.AddRange(stages.Select(s => new PipelineStage
        {
            TenantId = s.TenantId,
            PipelineId = pipeline.Id,
            Position = s.Position,
            Code = s.Code,
            Name = s.Name,
            EnglishName = s.EnglishName,
            DefaultProbability = s.DefaultProbability,
            CreatedAt = now,
        }));
        await db.SaveChangesAsync(ctx.CancellationToken);
        await transaction.CommitAsync(ctx.CancellationToken);
        return MutationPayload.Success(pipeline);
    }
}
