import Foundation

struct Origin: Decodable { let sid: Int; let text: String; let is_final: Bool?; let language: String?; let speaker_id: String?; let speaker_label: String?; let start_time: String? }
let json = #"{"sid":123,"text":"大家好，歡迎來到今天的發表會，我們今天要介紹新的產品線","is_final":true,"language":"zh-TW","speaker_id":"Guest-1","speaker_label":"Royx","start_time":"01:05"}"#
let strings = (0..<200_000).map { json.replacingOccurrences(of: "123", with: String($0)) }
let dec = JSONDecoder()
var t0 = ContinuousClock.now
var n = 0
for s in strings { let o = try! dec.decode(Origin.self, from: Data(s.utf8)); n &+= o.sid }
print("JSONDecoder(Data):", Double(strings.count) / (ContinuousClock.now - t0).seconds, "/s")
t0 = ContinuousClock.now
for s in strings { let o = try! JSONSerialization.jsonObject(with: Data(s.utf8)) as! [String: Any]; n &+= (o["sid"] as! Int) }
print("JSONSerialization:", Double(strings.count) / (ContinuousClock.now - t0).seconds, "/s", n)
extension Duration { var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 } }
