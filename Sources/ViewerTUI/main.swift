print("vas-view")
