using HeadlessSales.Api.Infrastructure.Values;
using HeadlessSales.Api.GraphQL.Schema;

namespace HeadlessSales.Api.Features.Pipeline;

/// <summary>Reads the pipeline's values from a mutation input and reports what <see cref="PipelineRules"/> refuses.</summary>
internal static class PipelineInputReading
{
    /// <summary>An amount as given (null when absent), or null with the reason reported.</summary>
    public static Money? Amount(this InputFields input, string name)
    {
        var amount = input.Get<Money>(name);
        if (amount is not null && PipelineRules.CheckAmount(amount, name) is { } problem)
        {
            input.Invalid(name, problem);
            return null;
        }

        return amount;
    }

    /// <summary>A percentage as given (null when absent), or null with the reason reported.</summary>
    public static int? Probability(this InputFields input, string name)
    {
        var probability = input.Get<int?>(name);
        if (probability is { } given && PipelineRules.CheckProbability(given, name) is { } problem)
        {
            input.Invalid(name, problem);
            return null;
        }

        return probability;
    }
}
