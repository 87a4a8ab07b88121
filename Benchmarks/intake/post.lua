-- wrk script: POST one C-SSRS screen (tier none, so no page) per request, as an EHR would.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("CRISISD_BENCH_TOKEN") or "")
wrk.body = '{"protocol":"cssrs_screen_recent","answers":{"q1":"no","q2":"no","q6":"no"},'
    .. '"subject":{"system":"urn:oid:2.16.840.1.113883.19.5","value":"BENCH-0001"},"site":"bench"}'
