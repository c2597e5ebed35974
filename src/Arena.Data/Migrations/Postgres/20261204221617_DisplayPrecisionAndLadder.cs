using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Arena.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DisplayPrecisionAndLadder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "LadderStep",
                table: "Competitions",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ScoreDecimals",
                table: "Competitions",
                type: "integer",
                nullable: false,
                // Edited from the generated 0: competitions that exist already get the entity's default of 5 decimals.
                defaultValue: 5);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "LadderStep",
                table: "Competitions");

            migrationBuilder.DropColumn(
                name: "ScoreDecimals",
                table: "Competitions");
        }
    }
}
