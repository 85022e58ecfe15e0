-- POSTs FindPhoneCall requests with a callId unique per run, thread and request.
-- Arguments after "--": run prefix, Authorization header value.
-- Prints one line "WRK_JSON {...}" with counts and latency percentiles in microseconds.

local threads = {}
local counter = 0
local prefix = "run"
local authorization = ""

function setup(thread)
   thread:set("thread_id", #threads + 1)
   table.insert(threads, thread)
end

function init(args)
   prefix = args[1] or prefix
   authorization = args[2] or authorization
end

function request()
   counter = counter + 1
   local call_id = prefix .. "-" .. thread_id .. "-" .. counter
   local body = '{"operationName":"FindPhoneCall","callId":"' .. call_id .. '","status":"InProcess",'
      .. '"contactId":"0000DaA3G4VF000Q","phoneNumber":"1231231231","type":"Inbound",'
      .. '"parentId":"XXXDDDD","threadId":"A34XX6BA0FX","userData":{"key1":"value1","key2":"value2"}}'
   local headers = {}
   headers["Content-Type"] = "application/json"
   headers["Authorization"] = authorization
   return wrk.format("POST", "/api/v2/ucs/interactions", headers, body)
end

function done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format(
      'WRK_JSON {"requests":%d,"durationUs":%d,"bytes":%d,"connectErrors":%d,"readErrors":%d,'
      .. '"writeErrors":%d,"non2xx":%d,"timeouts":%d,"p50Us":%d,"p99Us":%d,"p999Us":%d,"maxUs":%d,"meanUs":%.1f}\n',
      summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
      latency:percentile(50), latency:percentile(99), latency:percentile(99.9), latency.max, latency.mean))
end
