-- The ICDs a user may register participants under: comma-separated four-digit ICDs, or '*' for every ICD.
-- Users from before this column have NULL: they may not write until an administrator gives them ICDs
-- (smp user icds), because nothing tells which national identifiers they were meant to manage.
ALTER TABLE smp_user ADD COLUMN icds VARCHAR(2000);
