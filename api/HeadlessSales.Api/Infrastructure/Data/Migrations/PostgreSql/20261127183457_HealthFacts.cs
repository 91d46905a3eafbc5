using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace HeadlessSales.Api.Infrastructure.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class HealthFacts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Activities_TenantId_MemberId_OccurredAt",
                table: "Activities");

            migrationBuilder.DropIndex(
                name: "IX_Activities_TenantId_OccurredAt_Kind",
                table: "Activities");

            migrationBuilder.CreateTable(
                name: "ActivityTagLinks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TenantId = table.Column<long>(type: "bigint", nullable: false),
                    ActivityId = table.Column<long>(type: "bigint", nullable: false),
                    TagCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    OccurredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    MemberId = table.Column<long>(type: "bigint", nullable: false),
                    TeamId = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ActivityTagLinks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ActivityTagLinks_Activities_ActivityId",
                        column: x => x.ActivityId,
                        principalTable: "Activities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Existing follow-ups get their tag rows, one per distinct tag, before the indexes are built.
            migrationBuilder.Sql("""
                INSERT INTO "ActivityTagLinks" ("TenantId", "ActivityId", "TagCode", "OccurredAt", "MemberId", "TeamId")
                SELECT DISTINCT a."TenantId", a."Id", t.code, a."OccurredAt", a."MemberId", a."TeamId"
                FROM "Activities" a CROSS JOIN LATERAL unnest(a."TagCodes") AS t(code);
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Activities_TenantId_MemberId_OccurredAt_Kind",
                table: "Activities",
                columns: new[] { "TenantId", "MemberId", "OccurredAt", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_Activities_TenantId_OccurredAt_Kind_TeamId_MemberId",
                table: "Activities",
                columns: new[] { "TenantId", "OccurredAt", "Kind", "TeamId", "MemberId" });

            migrationBuilder.CreateIndex(
                name: "IX_ActivityTagLinks_ActivityId_TagCode",
                table: "ActivityTagLinks",
                columns: new[] { "ActivityId", "TagCode" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ActivityTagLinks_TenantId_OccurredAt_TagCode_TeamId_MemberI~",
                table: "ActivityTagLinks",
                columns: new[] { "TenantId", "OccurredAt", "TagCode", "TeamId", "MemberId", "ActivityId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ActivityTagLinks");

            migrationBuilder.DropIndex(
                name: "IX_Activities_TenantId_MemberId_OccurredAt_Kind",
                table: "Activities");

            migrationBuilder.DropIndex(
                name: "IX_Activities_TenantId_OccurredAt_Kind_TeamId_MemberId",
                table: "Activities");

            migrationBuilder.CreateIndex(
                name: "IX_Activities_TenantId_MemberId_OccurredAt",
                table: "Activities",
                columns: new[] { "TenantId", "MemberId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Activities_TenantId_OccurredAt_Kind",
                table: "Activities",
                columns: new[] { "TenantId", "OccurredAt", "Kind" });
        }
    }
}
