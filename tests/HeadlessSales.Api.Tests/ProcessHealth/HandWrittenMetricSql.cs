using System.Data.Common;
using HeadlessSales.Api.Features.Leads;
using Npgsql;

namespace HeadlessSales.Api.Tests.ProcessHealth;

/// <summary>One stage's 商机阶段停留时长: stays that ended in the period, mean and median in days.</summary>
public sealed record HandWrittenStageDwell(int Stays, double MeanDays, double MedianDays);

/// <summary>The six tenant-wide figures as the hand-written SQL computes them; null where there was nothing to judge.</summary>
public sealed record HandWrittenMetrics(
    double? AssignmentRate,
    double? ResponseRate,
    double? FollowUpRate,
    double? StageDwellMedianDays,
    IReadOnlyDictionary<long, HandWrittenStageDwell> StageDwellByStage,
    double? TagCoverage,
    double? VideoDemoFrequency);

/// <summary>
/// The six process metrics of a whole tenant written by hand in SQL, for SQLite and PostgreSQL: the yardstick the
/// dashboard (<c>ProcessHealthDashboard.ReportAsync</c>, tenant scope) is measured against, for values in
/// <see cref="HandWrittenSqlAgreementTests"/> and for speed in the benchmark. The definitions are those of
/// Features/ProcessHealth/NOTES.md; the 3-day window and the required tags are read from the tenant's settings like the
/// dashboard does. Call <see cref="MeasureAsync"/> with an open or closed connection to the application's database.
/// </summary>
public static class HandWrittenMetricSql
{
    public static async Task<HandWrittenMetrics> MeasureAsync(DbConnection connection, long tenantId, DateTime from, DateTime to, DateTime now, CancellationToken cancellationToken = default)
    {
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync(cancellationToken);
        }

        var postgres = connection is NpgsqlConnection;
        var end = to < now ? to : now;
        var parameters = new Dictionary<string, object>
        {
            ["tenant"] = tenantId, ["from"] = from, ["to"] = to, ["now"] = now, ["end"] = end, ["hiredBy"] = DateOnly.FromDateTime(end),
            ["assignmentKind"] = LeadSopTimerHandler.AssignmentDeadline, ["responseKind"] = LeadSopTimerHandler.FirstResponseDeadline,
        };
        parameters["days"] = await ScalarAsync<long?>(connection, """SELECT "FollowUpWindowDays" FROM "ProcessHealthSettings" WHERE "TenantId" = @tenant""", parameters, cancellationToken) ?? 3;

        var assignment = await RateAsync(connection, AssignmentRate, parameters, cancellationToken);
        var response = await RateAsync(connection, ResponseRate, parameters, cancellationToken);
        var followUp = await RateAsync(connection, postgres ? FollowUpRatePostgres : FollowUpRateSqlite, parameters, cancellationToken);
        var tags = await RateAsync(connection, postgres ? TagCoveragePostgres : TagCoverageSqlite, parameters, cancellationToken);

        double? overallMedian = null;
        var stages = new Dictionary<long, HandWrittenStageDwell>();
        await using (var dwell = Command(connection, postgres ? StageDwellPostgres : StageDwellSqlite, parameters))
        await using (var reader = await dwell.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var stays = Convert.ToInt32(reader.GetValue(1));
                if (stays == 0)
                {
                    continue;
                }

                var (mean, median) = (Convert.ToDouble(reader.GetValue(2)) / 86_400, Convert.ToDouble(reader.GetValue(3)) / 86_400);
                if (reader.IsDBNull(0))
                {
                    overallMedian = median;
                }
                else
                {
                    stages[Convert.ToInt64(reader.GetValue(0))] = new HandWrittenStageDwell(stays, mean, median);
                }
            }
        }

        double? videoDemos = null;
        await using (var video = Command(connection, VideoDemos, parameters))
        await using (var reader = await video.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            var (reps, demos) = (Convert.ToInt64(reader.GetValue(0)), Convert.ToInt64(reader.GetValue(1)));
            var weeks = (end - from).TotalDays / 7;
            videoDemos = reps == 0 || weeks <= 0 ? null : demos / (reps * weeks);
        }

        return new HandWrittenMetrics(assignment, response, followUp, overallMedian, stages, tags, videoDemos);
    }

    // 30分钟分配率: leads created in the period; met when first assigned by the assignment deadline (none: assigned at intake).
    private const string AssignmentRate = """
        SELECT COUNT(*), COALESCE(SUM(met), 0) FROM (
          SELECT CASE WHEN assigned IS NOT NULL AND (due IS NULL OR assigned <= due) THEN 1 ELSE 0 END AS met, due FROM (
            SELECT (SELECT MIN(t."DueAt") FROM "ScheduledTimers" t
                    WHERE t."TenantId" = @tenant AND t."Kind" = @assignmentKind AND t."SubjectId" = l."Id") AS due,
                   (SELECT MIN(h."OccurredAt") FROM "LeadHistory" h
                    WHERE h."TenantId" = @tenant AND h."LeadId" = l."Id" AND h."Kind" IN ('Assigned', 'Reassigned')) AS assigned
            FROM "Leads" l
            WHERE l."TenantId" = @tenant AND l."CreatedAt" >= @from AND l."CreatedAt" < @to) judged) decided
        WHERE met = 1 OR due IS NULL OR due <= @now
        """;

    // 线索响应率: assignments (first-response timers) anchored in the period; met when first answered by that deadline.
    private const string ResponseRate = """
        SELECT COUNT(*), COALESCE(SUM(met), 0) FROM (
          SELECT CASE WHEN l."FirstRespondedAt" IS NOT NULL AND l."FirstRespondedAt" <= t."DueAt" THEN 1 ELSE 0 END AS met, t."DueAt" AS due
          FROM "ScheduledTimers" t JOIN "Leads" l ON l."Id" = t."SubjectId"
          WHERE t."TenantId" = @tenant AND t."Kind" = @responseKind AND t."AnchorAt" >= @from AND t."AnchorAt" < @to) judged
        WHERE met = 1 OR due <= @now
        """;

    // 3日跟进完成率: leads and opportunities created in the period; met when a follow-up came within the window.
    private const string FollowUpRateSqlite = """
        SELECT COUNT(*), COALESCE(SUM(met), 0) FROM (
          SELECT julianday(l."CreatedAt") + @days AS due,
                 CASE WHEN EXISTS (SELECT 1 FROM "Activities" a WHERE a."TenantId" = @tenant AND a."SubjectKind" = 'Lead' AND a."SubjectId" = l."Id"
                                   AND julianday(a."OccurredAt") <= julianday(l."CreatedAt") + @days) THEN 1 ELSE 0 END AS met
          FROM "Leads" l WHERE l."TenantId" = @tenant AND l."CreatedAt" >= @from AND l."CreatedAt" < @to
          UNION ALL
          SELECT julianday(o."CreatedAt") + @days,
                 CASE WHEN EXISTS (SELECT 1 FROM "Activities" a WHERE a."TenantId" = @tenant AND a."SubjectKind" = 'Opportunity' AND a."SubjectId" = o."Id"
                                   AND julianday(a."OccurredAt") <= julianday(o."CreatedAt") + @days) THEN 1 ELSE 0 END
          FROM "Opportunities" o WHERE o."TenantId" = @tenant AND o."CreatedAt" >= @from AND o."CreatedAt" < @to) cases
        WHERE met = 1 OR due <= julianday(@now)
        """;

    private const string FollowUpRatePostgres = """
        SELECT COUNT(*), COALESCE(SUM(met), 0) FROM (
          SELECT l."CreatedAt" + make_interval(days => @days::int) AS due,
                 CASE WHEN EXISTS (SELECT 1 FROM "Activities" a WHERE a."TenantId" = @tenant AND a."SubjectKind" = 'Lead' AND a."SubjectId" = l."Id"
                                   AND a."OccurredAt" <= l."CreatedAt" + make_interval(days => @days::int)) THEN 1 ELSE 0 END AS met
          FROM "Leads" l WHERE l."TenantId" = @tenant AND l."CreatedAt" >= @from AND l."CreatedAt" < @to
          UNION ALL
          SELECT o."CreatedAt" + make_interval(days => @days::int),
                 CASE WHEN EXISTS (SELECT 1 FROM "Activities" a WHERE a."TenantId" = @tenant AND a."SubjectKind" = 'Opportunity' AND a."SubjectId" = o."Id"
                                   AND a."OccurredAt" <= o."CreatedAt" + make_interval(days => @days::int)) THEN 1 ELSE 0 END
          FROM "Opportunities" o WHERE o."TenantId" = @tenant AND o."CreatedAt" >= @from AND o."CreatedAt" < @to) cases
        WHERE met = 1 OR due <= @now
        """;

    // 商机阶段停留时长: stays that ended in the period; per stage and overall, count, mean and median seconds.
    // SQLite has no percentile: the median is the mean of the middle one or two rows by ROW_NUMBER over the count.
    private const string StageDwellSqlite = """
        WITH stays AS (
          SELECT e."StageId" AS stage, (julianday(e."LeftAt") - julianday(e."EnteredAt")) * 86400.0 AS secs
          FROM "OpportunityStageEntries" e
          WHERE e."TenantId" = @tenant AND e."LeftAt" IS NOT NULL AND e."LeftAt" >= @from AND e."LeftAt" < @to),
        ranked AS (
          SELECT stage, secs,
                 ROW_NUMBER() OVER (PARTITION BY stage ORDER BY secs) AS rn, COUNT(*) OVER (PARTITION BY stage) AS n,
                 ROW_NUMBER() OVER (ORDER BY secs) AS rn_all, COUNT(*) OVER () AS n_all
          FROM stays)
        SELECT stage, COUNT(*), AVG(secs), AVG(CASE WHEN rn IN ((n + 1) / 2, (n + 2) / 2) THEN secs END) FROM ranked GROUP BY stage
        UNION ALL
        SELECT NULL, COUNT(*), AVG(secs), AVG(CASE WHEN rn_all IN ((n_all + 1) / 2, (n_all + 2) / 2) THEN secs END) FROM ranked
        """;

    private const string StageDwellPostgres = """
        WITH stays AS (
          SELECT e."StageId" AS stage, EXTRACT(EPOCH FROM e."LeftAt" - e."EnteredAt")::float8 AS secs
          FROM "OpportunityStageEntries" e
          WHERE e."TenantId" = @tenant AND e."LeftAt" IS NOT NULL AND e."LeftAt" >= @from AND e."LeftAt" < @to)
        SELECT stage, COUNT(*), AVG(secs), percentile_cont(0.5) WITHIN GROUP (ORDER BY secs) FROM stays GROUP BY stage
        UNION ALL
        SELECT NULL, COUNT(*), AVG(secs), percentile_cont(0.5) WITHIN GROUP (ORDER BY secs) FROM stays
        """;

    // 跟进标签覆盖率: follow-ups in the period carrying a required tag: the tenant's choice, else every step's tags.
    private const string TagCoverageSqlite = """
        WITH chosen AS (
          SELECT j.value AS code FROM "ProcessHealthSettings" p, json_each(p."RequiredTagCodes") j WHERE p."TenantId" = @tenant),
        required AS (
          SELECT code FROM chosen
          UNION
          SELECT t.value FROM "FollowUpSettings" s, json_each(s."Steps") st, json_each(st.value, '$.TagCodes') t
          WHERE s."TenantId" = @tenant AND NOT EXISTS (SELECT 1 FROM chosen))
        SELECT COUNT(*), COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM json_each(a."TagCodes") j WHERE j.value IN (SELECT code FROM required)) THEN 1 ELSE 0 END), 0)
        FROM "Activities" a
        WHERE a."TenantId" = @tenant AND a."OccurredAt" >= @from AND a."OccurredAt" < @to
        """;

    private const string TagCoveragePostgres = """
        WITH chosen AS (
          SELECT unnest(p."RequiredTagCodes") AS code FROM "ProcessHealthSettings" p WHERE p."TenantId" = @tenant),
        required AS (
          SELECT code FROM chosen
          UNION
          SELECT jsonb_array_elements_text(st -> 'TagCodes') FROM "FollowUpSettings" s, jsonb_array_elements(s."Steps") st
          WHERE s."TenantId" = @tenant AND NOT EXISTS (SELECT 1 FROM chosen))
        SELECT COUNT(*), COALESCE(SUM(CASE WHEN a."TagCodes" && ARRAY(SELECT code FROM required) THEN 1 ELSE 0 END), 0)
        FROM "Activities" a
        WHERE a."TenantId" = @tenant AND a."OccurredAt" >= @from AND a."OccurredAt" < @to
        """;

    // 视频演示频次: active reps hired by the end of the elapsed period, and the video demos they gave in it.
    private const string VideoDemos = """
        SELECT
          (SELECT COUNT(*) FROM "Members" m
           WHERE m."TenantId" = @tenant AND m."Active" AND m."Role" = 'Rep' AND m."HiredOn" <= @hiredBy),
          (SELECT COUNT(*) FROM "Activities" a JOIN "Members" m ON m."Id" = a."MemberId"
           WHERE a."TenantId" = @tenant AND a."Kind" = 'VideoDemo' AND a."OccurredAt" >= @from AND a."OccurredAt" < @end
             AND m."Active" AND m."Role" = 'Rep' AND m."HiredOn" <= @hiredBy)
        """;

    private static async Task<double?> RateAsync(DbConnection connection, string sql, Dictionary<string, object> parameters, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (total, met) = (Convert.ToInt64(reader.GetValue(0)), Convert.ToInt64(reader.GetValue(1)));
        return total == 0 ? null : (double)met / total;
    }

    private static async Task<T?> ScalarAsync<T>(DbConnection connection, string sql, Dictionary<string, object> parameters, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, sql, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Binds only the parameters the statement names, so each dialect's text stays plain SQL.</summary>
    private static DbCommand Command(DbConnection connection, string sql, Dictionary<string, object> parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters.Where(p => sql.Contains("@" + p.Key, StringComparison.Ordinal)))
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
