"""Tables, charts and files the app shows: pure functions of data (issue 5), one module per
concern — `common` (regions, problems, download names), `solving` (progress, the summary),
`plan` (a plan's tables, calendar, heatmap, downloads), `versions` (stored plans and their
differences), `feeds` (links, QR codes, next fairs), `compliance` (the red/yellow/green
view), `reconcile` (plan vs actual), `records` (uploads and the bureau's ledger),
`presets` (presets to start from, each city's next report).

Nothing here touches Streamlit, so the pages, the tests and the benchmarks call the same
code. Every judgement comes from the packages — `make_plan`'s result, `monitor.compliance`,
`monitor.reconcile`, `publish.diff` — these functions only arrange them for the eye:
frames for tables, Altair (Vega-Lite, bundled with Streamlit, no network) specs for
charts, bytes for downloads (every CSV and XLSX through `scheduler.sheetwriter`).
"""
