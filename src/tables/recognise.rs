//! Recognition: finds a sheet's header row, decides its table kind by the column names,
//! and turns the rows below into table rows (fill-down, merged regions).
