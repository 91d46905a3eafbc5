using System.Collections.Concurrent;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Tests.Leads;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HeadlessSales.Api.Tests.Pipeline;

/// <summary>The lead fixture, with documents answered by <see cref="Documents"/> instead of a documents module.</summary>
public sealed class PipelineFixture : LeadsFixture
{
    public FakeStageEvidence Documents { get; } = new();

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        services.RemoveAll<IStageEvidence>();
        services.AddSingleton<IStageEvidence>(Documents);
    }
}

/// <summary>A document kind catalog and attached documents kept in memory, set by the test.</summary>
public sealed class FakeStageEvidence : IStageEvidence
{
    public static readonly string[] Kinds = ["REQUIREMENT_CONFIRMATION_SIGNED", "COMPETITOR_ANALYSIS"];

    private readonly ConcurrentDictionary<long, ConcurrentDictionary<string, bool>> _attached = new();

    public void Attach(string opportunityId, string kind) =>
        _attached.GetOrAdd(HeadlessSales.Api.GraphQL.Relay.GlobalId.TryDecode(opportunityId, "Opportunity")!.Value, _ => new())[kind] = true;

    public Task<IReadOnlySet<string>> DocumentKindsAsync(SalesDbContext db, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlySet<string>>(Kinds.ToHashSet());

    public Task<IReadOnlySet<string>> PresentDocumentKindsAsync(SalesDbContext db, long opportunityId, IReadOnlyCollection<string> kinds, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlySet<string>>(_attached.TryGetValue(opportunityId, out var attached) ? kinds.Where(attached.ContainsKey).ToHashSet() : new HashSet<string>());
}
