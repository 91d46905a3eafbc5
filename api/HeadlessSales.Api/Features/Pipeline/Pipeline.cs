using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.Pipeline;

/// <summary>A tenant's sales process: an ordered list of stages an opportunity moves through.</summary>
public sealed class SalesPipeline : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    /// <summary>Short code unique within the tenant, e.g. <c>STANDARD</c>.</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    public string? EnglishName { get; set; }

    /// <summary>The pipeline a converted lead's opportunity starts in when none is named; one per tenant.</summary>
    public bool IsDefault { get; set; }

    public DateTime CreatedAt { get; init; }
}

/// <summary>One step of a pipeline. <see cref="Position"/> orders the stages; advancing goes to the next one.</summary>
public sealed class PipelineStage : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public long PipelineId { get; init; }

    /// <summary>0 for the first stage.</summary>
    public int Position { get; set; }

    /// <summary>Unique within the pipeline, e.g. <c>QUOTATION</c>.</summary>
    public required string Code { get; set; }

    /// <summary>The name the tenant's people use, e.g. 方案报价.</summary>
    public required string Name { get; set; }

    public string? EnglishName { get; set; }

    /// <summary>Win probability, in percent, an opportunity takes when it enters the stage.</summary>
    public int DefaultProbability { get; set; }

    /// <summary>Gate: document kind codes an opportunity needs, one document of each, before it may enter the stage.</summary>
    public List<string> RequiredDocumentKinds { get; set; } = [];

    /// <summary>Gate: opportunity fields that must be filled in before it may enter the stage.</summary>
    public List<OpportunityGateField> RequiredFields { get; set; } = [];

    /// <summary>Gate: approval policy codes with an approved request for the opportunity before it may enter the stage.</summary>
    public List<string> RequiredApprovals { get; set; } = [];

    public bool HasGate => RequiredDocumentKinds.Count > 0 || RequiredFields.Count > 0 || RequiredApprovals.Count > 0;

    /// <summary>Replaces what an opportunity needs to enter this stage (codes checked by <see cref="StageGateChecker.UnknownAsync"/> first).</summary>
    public void SetGate(IEnumerable<string> documentKinds, IEnumerable<OpportunityGateField> fields, IEnumerable<string> approvals)
    {
        RequiredDocumentKinds = documentKinds.Distinct().ToList();
        RequiredFields = fields.Distinct().ToList();
        RequiredApprovals = approvals.Distinct().ToList();
    }

    /// <summary>Whether the gate asks for exactly these documents, fields and approvals, in any order.</summary>
    public bool HasGateOf(IEnumerable<string> documentKinds, IEnumerable<OpportunityGateField> fields, IEnumerable<string> approvals) =>
        RequiredDocumentKinds.ToHashSet().SetEquals(documentKinds) && RequiredFields.ToHashSet().SetEquals(fields) && RequiredApprovals.ToHashSet().SetEquals(approvals);

    public DateTime CreatedAt { get; init; }
}

internal sealed class SalesPipelineConfiguration : IEntityTypeConfiguration<SalesPipeline>
{
    public void Configure(EntityTypeBuilder<SalesPipeline> builder)
    {
        builder.ToTable("Pipelines");
        builder.HasIndex(p => new { p.TenantId, p.Code }).IsUnique();
        builder.Property(p => p.Code).HasMaxLength(32);
        builder.Property(p => p.Name).HasMaxLength(100);
        builder.Property(p => p.EnglishName).HasMaxLength(100);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(p => p.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PipelineStageConfiguration : IEntityTypeConfiguration<PipelineStage>
{
    public void Configure(EntityTypeBuilder<PipelineStage> builder)
    {
        builder.ToTable("PipelineStages");
        builder.HasIndex(s => new { s.TenantId, s.PipelineId, s.Position }).IsUnique();
        builder.HasIndex(s => new { s.TenantId, s.PipelineId, s.Code }).IsUnique();
        builder.Property(s => s.Code).HasMaxLength(32);
        builder.Property(s => s.Name).HasMaxLength(100);
        builder.Property(s => s.EnglishName).HasMaxLength(100);
        builder.PrimitiveCollection(s => s.RequiredDocumentKinds).HasMaxLength(1000);
        builder.PrimitiveCollection(s => s.RequiredFields).HasMaxLength(400);
        builder.PrimitiveCollection(s => s.RequiredApprovals).HasMaxLength(1000);
        builder.Ignore(s => s.HasGate);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(s => s.TenantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<SalesPipeline>().WithMany().HasForeignKey(s => s.PipelineId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>The pipeline every tenant starts with: 需求确认 → 方案报价 → 商务谈判 → 签约 → 回款.</summary>
public static class DefaultPipeline
{
    public const string Code = "STANDARD";

    public static readonly (string Code, string Name, string EnglishName, int Probability)[] Stages =
    [
        ("REQUIREMENT_CONFIRMATION", "需求确认", "Requirement confirmation", 10),
        ("QUOTATION", "方案报价", "Solution and quotation", 30),
        ("NEGOTIATION", "商务谈判", "Negotiation", 60),
        ("SIGNING", "签约", "Signing", 90),
        ("COLLECTION", "回款", "Payment collection", 100),
    ];

    /// <summary>
    /// The tenant's default pipeline, made on first use so that every tenant, however it was created, has one.
    /// Two first uses at once race on the unique code; the loser reads the winner's.
    /// </summary>
    public static async Task<SalesPipeline> EnsureAsync(SalesDbContext db, long tenantId, DateTime now, CancellationToken cancellationToken)
    {
        if (await db.Pipelines.Where(p => p.IsDefault).OrderBy(p => p.Id).FirstOrDefaultAsync(cancellationToken) is { } existing)
        {
            return existing;
        }

        await using var seeding = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            var pipeline = await AddAsync(db, tenantId, now, cancellationToken);
            await seeding.CommitAsync(cancellationToken);
            return pipeline;
        }
        catch (DbUpdateException)
        {
            await seeding.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            return await db.Pipelines.FirstAsync(p => p.Code == Code, cancellationToken);
        }
    }

    /// <summary>Stores the default pipeline and its stages.</summary>
    public static Task<SalesPipeline> AddAsync(SalesDbContext db, long tenantId, DateTime now, CancellationToken cancellationToken) =>
        PipelineSetup.AddAsync(db, tenantId, Code, "标准销售流程", "Standard sales process", isDefault: true, Stages, now, cancellationToken);
}

/// <summary>A pipeline's stage as configured: code, names and the probability an opportunity gets on entering it.</summary>
public sealed record StageDefinition(string Code, string Name, string? EnglishName, int Probability);

public static class PipelineSetup
{
    /// <summary>Stores a pipeline and its stages in the given order (the codes already checked); saves twice, so call it inside the caller's transaction.</summary>
    public static async Task<SalesPipeline> AddAsync(SalesDbContext db, long tenantId, string code, string name, string? englishName, bool isDefault,
        IReadOnlyList<(string Code, string Name, string EnglishName, int Probability)> stages, DateTime now, CancellationToken cancellationToken) =>
        await AddAsync(db, tenantId, code, name, englishName, isDefault, stages.Select(s => new StageDefinition(s.Code, s.Name, s.EnglishName, s.Probability)).ToList(), now, cancellationToken);

    public static async Task<SalesPipeline> AddAsync(SalesDbContext db, long tenantId, string code, string name, string? englishName, bool isDefault,
        IReadOnlyList<StageDefinition> stages, DateTime now, CancellationToken cancellationToken)
    {
        var pipeline = new SalesPipeline { TenantId = tenantId, Code = code, Name = name, EnglishName = englishName, IsDefault = isDefault, CreatedAt = now };
        db.Pipelines.Add(pipeline);
        await db.SaveChangesAsync(cancellationToken);
        db.PipelineStages.AddRange(stages.Select((s, i) => new PipelineStage
        {
            TenantId = tenantId,
            PipelineId = pipeline.Id,
            Position = i,
            Code = s.Code,
            Name = s.Name,
            EnglishName = s.EnglishName,
            DefaultProbability = s.Probability,
            CreatedAt = now,
        }));
        await db.SaveChangesAsync(cancellationToken);
        return pipeline;
    }
}
