using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HeadlessSales.Api.Infrastructure.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class RuleJournalFeed : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RuleFeedCursors",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false),
                    Position = table.Column<long>(type: "bigint", nullable: false),
                    ClaimToken = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    ClaimedUntil = table.Column<DateTime>(type: "datetime2", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RuleFeedCursors", x => x.Id);
                });

            migrationBuilder.InsertData(
                table: "RuleFeedCursors",
                columns: new[] { "Id", "ClaimToken", "ClaimedUntil", "Position" },
                values: new object[] { 1L, null, null, 0L });

            // The rules read the journal from here on: events already in it were handled by the bus feed this replaces.
            migrationBuilder.Sql("UPDATE \"RuleFeedCursors\" SET \"Position\" = (SELECT \"Last\" FROM \"JournalCounters\" WHERE \"Id\" = 1)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RuleFeedCursors");
        }
    }
}
