using HeadlessSales.Api.Features.Organization;

namespace HeadlessSales.Api.Features.Leads;

/// <summary>SLA arithmetic in a team's working hours: 30 minutes at 17:50 on a Friday end at 09:20 on Monday.</summary>
public static class WorkingTime
{
    /// <summary>The instant <paramref name="minutes"/> of working time after <paramref name="startUtc"/>; wall-clock time without a calendar.</summary>
    public static DateTime AddWorkingMinutes(WorkingCalendar? calendar, DateTime startUtc, int minutes)
    {
        if (calendar is null || calendar.WorkdayEnd <= calendar.WorkdayStart)
        {
            return startUtc.AddMinutes(minutes);
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(calendar.TimeZone);
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(startUtc, DateTimeKind.Utc), zone);
        var remaining = TimeSpan.FromMinutes(minutes);
        // Ten years of days: a calendar with no working day at all must fail loudly, not loop.
        for (var day = 0; day < 3_660; day++)
        {
            var date = DateOnly.FromDateTime(local);
            var opens = date.ToDateTime(calendar.WorkdayStart);
            var closes = date.ToDateTime(calendar.WorkdayEnd);
            if (calendar.IsWorkingDay(date) && local < closes)
            {
                if (local < opens)
                {
                    local = opens;
                }

                if (remaining <= closes - local)
                {
                    return TimeZoneInfo.ConvertTimeToUtc(local + remaining, zone);
                }

                remaining -= closes - local;
            }

            local = date.AddDays(1).ToDateTime(calendar.WorkdayStart);
        }

        throw new InvalidOperationException($"Calendar '{calendar.Name}' has no working time in the next ten years.");
    }
}
