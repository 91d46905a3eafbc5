using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HeadlessSales.Api.Infrastructure.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class CaseObligationsAndTrainingCourses : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ObligationDueDay",
                table: "ContributionSettings",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ObligationReminderDays",
                table: "ContributionSettings",
                type: "int",
                nullable: false,
                defaultValue: 3);

            migrationBuilder.AddColumn<int>(
                name: "ObligationTopCount",
                table: "ContributionSettings",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "ObligationTopShare",
                table: "ContributionSettings",
                type: "float",
                nullable: false,
                defaultValue: 0.2);

            migrationBuilder.CreateTable(
                name: "CaseObligations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    TenantId = table.Column<long>(type: "bigint", nullable: false),
                    MemberId = table.Column<long>(type: "bigint", nullable: false),
                    Month = table.Column<string>(type: "nvarchar(7)", maxLength: 7, nullable: false),
                    Rank = table.Column<int>(type: "int", nullable: false),
                    Wins = table.Column<int>(type: "int", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    DueAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    CaseId = table.Column<long>(type: "bigint", nullable: true),
                    RemindedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    FulfilledAt = table.Column<DateTime>(type: "datetime2", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseObligations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CaseObligations_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CaseObligations_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CaseObligations_WonCases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "WonCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "TrainingCourses",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    TenantId = table.Column<long>(type: "bigint", nullable: false),
                    Title = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Dimension = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Link = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrainingCourses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TrainingCourses_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CaseObligations_CaseId",
                table: "CaseObligations",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_CaseObligations_MemberId",
                table: "CaseObligations",
                column: "MemberId");

            migrationBuilder.CreateIndex(
                name: "IX_CaseObligations_TenantId_CaseId",
                table: "CaseObligations",
                columns: new[] { "TenantId", "CaseId" });

            migrationBuilder.CreateIndex(
                name: "IX_CaseObligations_TenantId_MemberId_Month",
                table: "CaseObligations",
                columns: new[] { "TenantId", "MemberId", "Month" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TrainingCourses_TenantId_Dimension",
                table: "TrainingCourses",
                columns: new[] { "TenantId", "Dimension" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CaseObligations");

            migrationBuilder.DropTable(
                name: "TrainingCourses");

            migrationBuilder.DropColumn(
                name: "ObligationDueDay",
                table: "ContributionSettings");

            migrationBuilder.DropColumn(
                name: "ObligationReminderDays",
                table: "ContributionSettings");

            migrationBuilder.DropColumn(
                name: "ObligationTopCount",
                table: "ContributionSettings");

            migrationBuilder.DropColumn(
                name: "ObligationTopShare",
                table: "ContributionSettings");
        }
    }
}
