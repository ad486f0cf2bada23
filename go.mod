module cocalc-tui

go 1.24
