using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Scalars;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Enablement;

/// <summary>The case library and the coach through the API.</summary>
public sealed class EnablementQueries(Coach coach, ContributionLedger ledger) : IQueryFields
{
    public void AddTo(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionType<WonCaseType>>>("wonCases")
            .Authorize(Scopes.SalesRead)
            .Description("Cases the caller may see (the approved library, the cases of authors whose records they see; reviewers see every case), newest first.")
            .PagingArguments()
            .Argument<WonCaseFilterType>("where")
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var cases = WonCaseVisibility.Visible(db, ctx.Actor()).AsNoTracking();
                var filter = new FilterArguments(ctx);
                if (filter.List<WonCaseStatus>("statuses") is { } statuses)
                {
                    cases = cases.Where(c => statuses.Contains(c.Status));
                }

                if (filter.Ids("authorIds", "Member") is { } authors)
                {
                    cases = cases.Where(c => authors.Contains(c.AuthorId));
                }

                if (filter.Ids("opportunityIds", "Opportunity") is { } opportunities)
                {
                    cases = cases.Where(c => opportunities.Contains(c.OpportunityId));
                }

                if (filter.List<string>("industries") is { } industries)
                {
                    cases = cases.Where(c => industries.Contains(c.Industry));
                }

                var connection = await cases.ToConnectionAsync(SortOrder<WonCase>.ById(descending: true), ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken);
                return connection.Erase();
            });

        query.Field<NonNullGraphType<CoachAdviceType>>("coach")
            .Authorize(Scopes.SalesRead)
            .Description($"Coaching for a conversation summary, from the tenant's approved cases: the {Coach.CaseCount} most similar, {Coach.TalkTrackCount} talk tracks taken from them, and risk hints, each with the terms that matched.")
            .Argument<NonNullGraphType<StringGraphType>>("summary", $"What the customer said and what happened, in a few sentences; at most {Coach.SummaryMaxLength} characters.")
            .Argument<IdGraphType>("opportunityId", "The opportunity the conversation was about, when there is one: the cases returned are noted for it, and its win pays their authors (contribution points).")
            .ResolveAsync(async ctx =>
            {
                var summary = ctx.GetArgument<string>("summary").Trim();
                if (summary.Length == 0 || summary.Length > Coach.SummaryMaxLength)
                {
                    throw new ExecutionError($"The summary must hold between 1 and {Coach.SummaryMaxLength} characters; it holds {summary.Length}.") { Code = "INVALID_SUMMARY" };
                }

                await using var db = ctx.Database();
                long? opportunityId = null;
                if (ctx.GetArgument<string?>("opportunityId") is { } opportunityArgument)
                {
                    opportunityId = GlobalId.TryDecode(opportunityArgument, "Opportunity");
                    // The row filter: an opportunity outside the caller's view answers as one that does not exist.
                    if (opportunityId is null || !await db.Opportunities.AnyAsync(o => o.Id == opportunityId, ctx.CancellationToken))
                    {
                        throw new ExecutionError($"No opportunity '{opportunityArgument}'.") { Code = "NOT_FOUND" };
                    }
                }

                var advice = await coach.AdviseAsync(db, ctx.Actor(), summary, opportunityId, ctx.CancellationToken);
                if (opportunityId is { } coachedOn)
                {
                    await ledger.RecordCoachingAsync(db, ctx.Actor(), coachedOn, advice.Cases.Select(c => c.Case.Id).ToList(), ctx.CancellationToken);
                }

                return advice;
            });
    }
}

public sealed class WonCaseFilterType : InputObjectGraphType
{
    public WonCaseFilterType()
    {
        Name = "WonCaseFilter";
        Field<ListGraphType<NonNullGraphType<WonCaseStatusType>>>("statuses");
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("authorIds");
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("opportunityIds");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("industries");
    }
}

public sealed class CoachAdviceType : ObjectGraphType<CoachAdvice>
{
    public CoachAdviceType()
    {
        Name = "CoachAdvice";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CaseMatchType>>>>("cases").Description("Most similar first.").Resolve(ctx => ctx.Source.Cases);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TalkTrackSuggestionType>>>>("talkTracks").Resolve(ctx => ctx.Source.TalkTracks);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RiskHintType>>>>("riskHints").Resolve(ctx => ctx.Source.RiskHints);
    }
}

public sealed class CaseMatchType : ObjectGraphType<CaseMatch>
{
    public CaseMatchType()
    {
        Name = "CaseMatch";
        Field<NonNullGraphType<WonCaseType>>("case").Resolve(ctx => ctx.Source.Case);
        Field(m => m.Score).Description("BM25 relevance; comparable within one answer only.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("matchedTerms")
            .Description("The summary's words, and the situations read from it, that the case matched.")
            .Resolve(ctx => ctx.Source.MatchedTerms);
    }
}

public sealed class TalkTrackSuggestionType : ObjectGraphType<TalkTrackSuggestion>
{
    public TalkTrackSuggestionType()
    {
        Name = "TalkTrackSuggestion";
        Field(t => t.Text);
        Field<NonNullGraphType<WonCaseType>>("case").Description("The case the talk track is taken from.").Resolve(ctx => ctx.Source.Case);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("matchedTerms").Resolve(ctx => ctx.Source.MatchedTerms);
    }
}

public sealed class RiskHintType : ObjectGraphType<RiskHint>
{
    public RiskHintType()
    {
        Name = "RiskHint";
        Field(h => h.Tag).Description("The situation, e.g. 价格疑虑, 推进停滞, 决策人缺位.");
        Field(h => h.Source, type: typeof(NonNullGraphType<RiskSourceType>));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("matchedTerms").Description("The summary's words that tell it (empty for a risk read from the opportunity).").Resolve(ctx => ctx.Source.MatchedTerms);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<WonCaseType>>>>("evidence").Description("The matched cases that overcame it.").Resolve(ctx => ctx.Source.Evidence);
        Field(h => h.Reason, nullable: true).Description("For a risk read from the opportunity: what shows it, in words.");
        Field<OpportunityRiskEvidenceType>("opportunityEvidence").Description("For a risk read from the opportunity: the facts that show it.").Resolve(ctx => ctx.Source.Opportunity);
    }
}

public sealed class RiskSourceType : EnumerationGraphType<RiskSource>
{
    public RiskSourceType() => Name = "RiskSource";
}

public sealed class OpportunityRiskEvidenceType : ObjectGraphType<OpportunityEvidence>
{
    public OpportunityRiskEvidenceType()
    {
        Name = "OpportunityRiskEvidence";
        Field<NonNullGraphType<IdGraphType>>("opportunityId").Resolve(ctx => GlobalId.Encode("Opportunity", ctx.Source.OpportunityId));
        Field(e => e.StageName).Description("The stage it stands in.");
        Field(e => e.StageEnteredAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
        Field(e => e.DaysInStage);
        Field(e => e.DwellLimitDays).Description("The process-health dwell target plus its warning band: longer than this is stalled.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<DecisionRoleType>>>>("contactRoles")
            .Description("The decision roles the account's contacts play (that the caller sees).")
            .Resolve(ctx => ctx.Source.ContactRoles);
    }
}
