"""rules/kinds"""
