using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Features.ProcessHealth;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Enablement;

/// <summary>
/// What the opportunity itself shows, with the facts that show it: how long it has stood in its stage against the
/// tenant's dwell limit, and which decision roles its account's contacts play.
/// </summary>
public sealed record OpportunityEvidence(
    long OpportunityId, string StageName, DateTime StageEnteredAt, double DaysInStage, double DwellLimitDays, IReadOnlyList<DecisionRole> ContactRoles);

/// <summary>A risk read from the opportunity's records rather than from the summary's words.</summary>
public sealed record OpportunityRisk(string Tag, string Reason, OpportunityEvidence Evidence);

/// <summary>
/// Risks an open opportunity shows on its own: a stage stalled beyond the tenant's dwell limit, and no decision-maker among
/// its account's contacts. A won opportunity (in its pipeline's last stage) shows none.
/// </summary>
public static class OpportunityRisks
{
    public const string StalledTag = "推进停滞";
    public const string MissingDecisionMakerTag = "决策人缺位";

    /// <summary>
    /// The risks of an opportunity the caller sees (read through the row filters of <paramref name="db"/>). Stalled means
    /// longer in the current stage than the process-health dwell target plus its warning band (the days at which the
    /// 商机阶段停留时长 metric is breached), so that a coach hint and the dashboard agree on what is too long.
    /// </summary>
    public static async Task<IReadOnlyList<OpportunityRisk>> ReadAsync(SalesDbContext db, long opportunityId, DateTime now, CancellationToken cancellationToken)
    {
        var opportunity = await db.Opportunities.AsNoTracking().Where(o => o.Id == opportunityId)
            .Select(o => new { o.Id, o.PipelineId, o.StageId, o.StageEnteredAt, o.AccountId }).FirstOrDefaultAsync(cancellationToken);
        if (opportunity is null)
        {
            return [];
        }

        var stages = await db.PipelineStages.AsNoTracking().Where(s => s.PipelineId == opportunity.PipelineId)
            .OrderBy(s => s.Position).Select(s => new { s.Id, s.Name }).ToListAsync(cancellationToken);
        if (stages.Count == 0 || stages[^1].Id == opportunity.StageId)
        {
            return [];
        }

        var settings = await ProcessHealthDashboard.SettingsAsync(db, cancellationToken);
        var dwellLimit = settings.StageDwellTargetDays + settings.StageDwellWarningDays;
        var roles = await db.Contacts.AsNoTracking().Where(c => c.AccountId == opportunity.AccountId)
            .Select(c => c.DecisionRole).Distinct().ToListAsync(cancellationToken);
        roles.Sort();
        var stageName = stages.First(s => s.Id == opportunity.StageId).Name;
        var days = Math.Round((now - opportunity.StageEnteredAt).TotalDays, 1);
        var evidence = new OpportunityEvidence(opportunity.Id, stageName, opportunity.StageEnteredAt, days, dwellLimit, roles);

        var risks = new List<OpportunityRisk>();
        if (days > dwellLimit)
        {
            risks.Add(new OpportunityRisk(StalledTag, $"在「{stageName}」阶段已停留 {days:0.#} 天，超过 {dwellLimit:0.#} 天（停留目标 {settings.StageDwellTargetDays:0.#} 天 + 预警 {settings.StageDwellWarningDays:0.#} 天）。", evidence));
        }

        if (!roles.Contains(DecisionRole.DecisionMaker))
        {
            risks.Add(new OpportunityRisk(MissingDecisionMakerTag, roles.Count == 0
                ? "客户名下没有任何联系人，更没有决策人。"
                : $"客户名下的联系人中没有决策人（现有角色：{string.Join("、", roles)}）。", evidence));
        }

        return risks;
    }
}
