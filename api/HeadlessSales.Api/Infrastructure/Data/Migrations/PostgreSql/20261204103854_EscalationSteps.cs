using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace HeadlessSales.Api.Infrastructure.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class EscalationSteps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "AcknowledgedById",
                table: "Escalations",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ResolvedById",
                table: "Escalations",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "EscalationSteps",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TenantId = table.Column<long>(type: "bigint", nullable: false),
                    EscalationId = table.Column<long>(type: "bigint", nullable: false),
                    Step = table.Column<int>(type: "integer", nullable: false),
                    Level = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    TargetMemberId = table.Column<long>(type: "bigint", nullable: true),
                    ReachedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EscalationSteps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EscalationSteps_Escalations_EscalationId",
                        column: x => x.EscalationId,
                        principalTable: "Escalations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_EscalationSteps_Members_TargetMemberId",
                        column: x => x.TargetMemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_EscalationSteps_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            // Data: an escalation made before steps existed was one step of the chain; it keeps that step as its own.
            migrationBuilder.Sql(
                "INSERT INTO \"EscalationSteps\" (\"TenantId\", \"EscalationId\", \"Step\", \"Level\", \"TargetMemberId\", \"ReachedAt\") SELECT \"TenantId\", \"Id\", \"Step\", \"Level\", \"TargetMemberId\", \"RaisedAt\" FROM \"Escalations\";");

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_AcknowledgedById",
                table: "Escalations",
                column: "AcknowledgedById");

            migrationBuilder.CreateIndex(
                name: "IX_Escalations_ResolvedById",
                table: "Escalations",
                column: "ResolvedById");

            migrationBuilder.CreateIndex(
                name: "IX_EscalationSteps_EscalationId_Step",
                table: "EscalationSteps",
                columns: new[] { "EscalationId", "Step" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_EscalationSteps_TargetMemberId",
                table: "EscalationSteps",
                column: "TargetMemberId");

            migrationBuilder.CreateIndex(
                name: "IX_EscalationSteps_TenantId_TargetMemberId",
                table: "EscalationSteps",
                columns: new[] { "TenantId", "TargetMemberId" });

            migrationBuilder.AddForeignKey(
                name: "FK_Escalations_Members_AcknowledgedById",
                table: "Escalations",
                column: "AcknowledgedById",
                principalTable: "Members",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_Escalations_Members_ResolvedById",
                table: "Escalations",
                column: "ResolvedById",
                principalTable: "Members",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Escalations_Members_AcknowledgedById",
                table: "Escalations");

            migrationBuilder.DropForeignKey(
                name: "FK_Escalations_Members_ResolvedById",
                table: "Escalations");

            migrationBuilder.DropTable(
                name: "EscalationSteps");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_AcknowledgedById",
                table: "Escalations");

            migrationBuilder.DropIndex(
                name: "IX_Escalations_ResolvedById",
                table: "Escalations");

            migrationBuilder.DropColumn(
                name: "AcknowledgedById",
                table: "Escalations");

            migrationBuilder.DropColumn(
                name: "ResolvedById",
                table: "Escalations");
        }
    }
}
