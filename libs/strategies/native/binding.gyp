{
  "targets": [
    {
      "target_name": "confiture_hmac",
      "sources": ["hmac_batch.c"],
      "cflags": ["-O2", "-Wall", "-Wextra", "-Wno-deprecated-declarations"],
      "xcode_settings": {
        "OTHER_CFLAGS": ["-O2", "-Wno-deprecated-declarations"]
      }
    }
  ]
}
