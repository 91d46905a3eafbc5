using System.Linq.Expressions;
using System.Reflection;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Insights;

/// <summary>
/// The seconds between two instants, computed by the database inside a GROUP BY. No one expression translates on every
/// provider (SQLite stores instants as text and translates <see cref="DateTime.Ticks"/> through julianday, PostgreSQL a
/// difference's <see cref="TimeSpan.TotalSeconds"/>, SQL Server has DATEDIFF), so a query writes
/// <see cref="Seconds"/> and <see cref="Translated{T}"/> swaps in the provider's form before it runs.
/// </summary>
public static class DatabaseDurations
{
    private static readonly MethodInfo SecondsMethod = typeof(DatabaseDurations).GetMethod(nameof(Seconds))!;

    private static readonly MethodInfo DateDiffSecond = typeof(SqlServerDbFunctionsExtensions)
        .GetMethod(nameof(SqlServerDbFunctionsExtensions.DateDiffSecond), [typeof(DbFunctions), typeof(DateTime), typeof(DateTime)])!;

    /// <summary>A marker: only meaningful inside a query passed through <see cref="Translated{T}"/>.</summary>
    public static double Seconds(DateTime from, DateTime to) =>
        throw new InvalidOperationException($"{nameof(Seconds)} runs in the database only: pass the query through {nameof(Translated)}.");

    public static IQueryable<T> Translated<T>(this IQueryable<T> query, SalesDbContext db) =>
        query.Provider.CreateQuery<T>(new Rewriter(db.Database.IsNpgsql() ? Provider.PostgreSql : db.Database.IsSqlServer() ? Provider.SqlServer : Provider.Sqlite).Visit(query.Expression));

    private enum Provider
    {
        Sqlite,
        PostgreSql,
        SqlServer,
    }

    private sealed class Rewriter(Provider provider) : ExpressionVisitor
    {
        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node.Method != SecondsMethod)
            {
                return base.VisitMethodCall(node);
            }

            var from = Visit(node.Arguments[0]);
            var to = Visit(node.Arguments[1]);
            return provider switch
            {
                Provider.PostgreSql => Expression.Property(Expression.Subtract(to, from), nameof(TimeSpan.TotalSeconds)),
                Provider.SqlServer => Expression.Convert(
                    Expression.Call(DateDiffSecond, Expression.Property(null, typeof(EF), nameof(EF.Functions)), from, to), typeof(double)),
                _ => Expression.Divide(
                    Expression.Convert(Expression.Subtract(Expression.Property(to, nameof(DateTime.Ticks)), Expression.Property(from, nameof(DateTime.Ticks))), typeof(double)),
                    Expression.Constant((double)TimeSpan.TicksPerSecond)),
            };
        }
    }
}
