module github.com/vpctrace/vpctrace

go 1.24
